// The plan's Print button (resources/plan.html). Without JavaScript the button
// stays hidden and the page says to use the browser's own print command.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-genie-print]");
    if (!buttons.length || typeof window.print !== "function") {
      return;
    }
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    document.querySelectorAll("[data-genie-print-hint]").forEach(function (hint) {
      hint.hidden = true;
    });
  });
})();
