/* Simulator form: while the server computes (a city run reads every OPD's data when its
   cached copy has expired, which can take a few seconds), the button shows it is busy and a
   note says why, so nobody presses it again. */
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=simulator-form]");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    var note = document.getElementById("simulator-busy");
    if (button) {
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
      button.textContent = button.getAttribute("data-busy-text") || button.textContent;
    }
    if (note) { note.hidden = false; }
  });
})();
