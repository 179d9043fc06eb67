// The GOV.UK / NHS timeout warning: two minutes before the sign-in expires, a
// dialog offers "Stay signed in". Nothing personal is stored in the browser;
// other tabs of Genie are told of activity through a BroadcastChannel message
// that carries no data. Without JavaScript the server still keeps what is sent
// after expiry and sends it again after signing in (genie/sign_in_expiry.py).
(function () {
  "use strict";

  var dialog = document.getElementById("genie-timeout");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var idle = parseInt(dialog.getAttribute("data-idle-seconds"), 10) * 1000;
  var warning = Math.min(parseInt(dialog.getAttribute("data-warning-seconds"), 10) * 1000, idle);
  var warningPart = dialog.querySelector("[data-genie-warning]");
  var signedOutPart = dialog.querySelector("[data-genie-signed-out]");
  var countdown = dialog.querySelector("[data-genie-countdown]");
  var spoken = dialog.querySelector("[data-genie-countdown-spoken]");
  var signOutForm = dialog.querySelector("[data-genie-sign-out]");
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("genie-sign-in") : null;
  var deadline = Date.now() + idle;
  var returnFocus = null;
  var lastSpoken = null;
  var expired = false;
  var unsaved = null; // the form with typing not yet sent

  function words(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) {
      parts.push(minutes + (minutes === 1 ? " minute" : " minutes"));
    }
    if (rest || !minutes) {
      parts.push(rest + (rest === 1 ? " second" : " seconds"));
    }
    return parts.join(" ");
  }

  function show() {
    returnFocus = document.activeElement;
    lastSpoken = null;
    dialog.showModal(); // focus moves to "Stay signed in"
  }

  function hide() {
    if (dialog.open) {
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    }
  }

  function update(left) {
    countdown.textContent = words(left);
    // Screen readers hear the time each minute, then every 15 seconds, not every tick.
    var seconds = Math.ceil(left / 1000);
    var step = seconds > 60 ? 60 : 15;
    var rounded = Math.ceil(seconds / step) * step;
    if (rounded !== lastSpoken) {
      lastSpoken = rounded;
      spoken.textContent = "You will be signed out in " + words(rounded * 1000) + ".";
    }
  }

  function renewed() {
    deadline = Date.now() + idle;
    if (!expired) {
      hide();
    }
  }

  function tellOtherTabs() {
    if (channel) {
      channel.postMessage("active");
    }
  }

  function stay() {
    var token = signOutForm.querySelector("[name=csrfmiddlewaretoken]").value;
    renewed();
    fetch(dialog.getAttribute("data-stay-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    }).then(function (response) {
      if (response.status === 204) {
        tellOtherTabs();
      } else {
        expire(); // the sign-in had already ended
      }
    });
  }

  function expire() {
    if (expired) {
      return;
    }
    expired = true;
    if (!dialog.open) {
      show();
    }
    if (unsaved) {
      // Keep what was typed: sending it after expiry makes the server keep it
      // until the user has signed in again. The page is hidden meanwhile.
      dialog.classList.add("genie-timeout--signed-out");
      warningPart.hidden = true;
      signedOutPart.hidden = false;
      dialog.setAttribute("aria-labelledby", "genie-timeout-signed-out-title");
      dialog.setAttribute("aria-describedby", "genie-timeout-signed-out-text");
      signedOutPart.querySelector("[data-genie-sign-in-again]").focus();
      return;
    }
    // Nothing unsaved: sign out now and return here after signing in again.
    var next = window.location.pathname + window.location.search;
    signOutForm.querySelector("[name=next]").value =
      dialog.getAttribute("data-sign-in-url") + "?timeout=1&next=" + encodeURIComponent(next);
    signOutForm.submit();
  }

  function check() {
    var left = deadline - Date.now();
    if (left <= 0) {
      expire();
    } else if (left <= warning && !expired) {
      if (!dialog.open) {
        show();
      }
      update(left);
    }
  }

  dialog.querySelector("[data-genie-stay]").addEventListener("click", stay);
  dialog.addEventListener("cancel", function (event) {
    // Escape means "stay signed in" (as in the GOV.UK pattern), never a hidden page.
    event.preventDefault();
    if (!expired) {
      stay();
    }
  });
  signedOutPart.querySelector("[data-genie-sign-in-again]").addEventListener("click", function () {
    var form = unsaved;
    dialog.close();
    if (form && typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else if (form) {
      form.submit();
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.form && !dialog.contains(event.target)) {
      unsaved = event.target.form;
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target === unsaved) {
      unsaved = null;
    }
  });
  // Every request to Genie renews the sign-in, here and in other tabs.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.xhr && event.detail.xhr.status) {
      renewed();
      tellOtherTabs();
    }
  });
  if (channel) {
    channel.onmessage = renewed;
  }
  tellOtherTabs();
  window.setInterval(check, 1000);
  document.addEventListener("visibilitychange", check);
})();
