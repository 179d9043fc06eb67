// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Move focus to an error summary when one appears (page load or htmx swap),
  // as the NHS / GOV.UK error summary pattern asks.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-genie-error-summary]");
    if (summary) {
      summary.focus();
      return true;
    }
    return false;
  }

  // After an htmx swap, put focus where the server asked (data-genie-focus),
  // so keyboard and screen-reader users keep their place.
  function focusRequested(root) {
    var target = (root || document).querySelector("[data-genie-focus]");
    if (target) {
      target.removeAttribute("data-genie-focus");
      if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  // Announce a message in the page's live region (set by the server in an
  // element with data-genie-announce, swapped out of band).
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document) || focusRequested(document);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    focusErrorSummary(event.target) || focusRequested(document);
  });

  // Stage 3: a choice changed without redrawing the panel (resources.views):
  // the map reloads so its rings show the plan as it now is.
  document.addEventListener("genie:choices-changed", function () {
    document.querySelectorAll(".genie-map__frame").forEach(function (frame) {
      frame.src = frame.src;
    });
  });

  // A server error or lost connection during an htmx request: say so plainly
  // rather than failing silently. Nothing already saved is lost.
  function showProblem(message) {
    var region = document.getElementById("announcer");
    if (region) {
      region.textContent = message;
    }
    var banner = document.getElementById("genie-connection-problem");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "genie-connection-problem";
      banner.className = "nhsuk-warning-callout";
      banner.setAttribute("role", "alert");
      var main = document.getElementById("maincontent");
      if (main) {
        main.insertBefore(banner, main.firstChild);
      }
    }
    banner.textContent = message;
  }

  document.addEventListener("htmx:sendError", function () {
    showProblem("The connection was lost. Your last change may not have been saved: check your connection and try again.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 409 || status === 422) {
      return; // the server sent a page or fragment that explains the problem
    }
    showProblem("Sorry, that did not work. Everything saved before is safe. Try again, or reload the page.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var banner = document.getElementById("genie-connection-problem");
    if (banner) {
      banner.remove();
    }
  });

  // Then and now (mapping/includes/then_and_now.html): two maps side by side, unless
  // that makes their labels smaller than 11 px; then one above the other.
  var LEAST_LABEL = 11;
  function arrangeThenNow() {
    document.querySelectorAll("[data-genie-then-now]").forEach(function (pair) {
      pair.classList.remove("genie-then-now--stacked");
      var small = Array.prototype.some.call(pair.querySelectorAll("svg[viewBox]"), function (svg) {
        var label = svg.querySelector(".genie-map__label");
        var box = svg.viewBox && svg.viewBox.baseVal;
        if (!label || !box || !box.width) {
          return false;
        }
        var scale = svg.getBoundingClientRect().width / box.width;
        return parseFloat(getComputedStyle(label).fontSize) * scale < LEAST_LABEL;
      });
      pair.classList.toggle("genie-then-now--stacked", small);
    });
  }
  document.addEventListener("DOMContentLoaded", arrangeThenNow);
  document.addEventListener("htmx:afterSettle", arrangeThenNow);
  window.addEventListener("resize", arrangeThenNow);
})();
