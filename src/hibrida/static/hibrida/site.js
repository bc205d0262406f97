/* Behaviour shared by every page, bound through data attributes: the Content-Security-Policy
   forbids inline scripts and on*= handlers, so nothing in a template carries code. */
(function () {
  "use strict";
  // On a phone the menu starts folded: for staff with several roles it is a screen long.
  var menu = document.querySelector("details.menu-toggle");
  if (menu && window.matchMedia("(max-width: 600px)").matches) { menu.open = false; }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-refresh-target]") : null;
    if (el && window.htmx) { htmx.trigger(el.dataset.refreshTarget, "refresh"); }
    if (event.target.matches && event.target.matches("input[data-select-on-click]")) {
      event.target.select();
    }
  });
})();
