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

  // Dates read dd/mm/yyyy whatever the browser's language: a calendar in Indonesian shows
  // the day first, while the original <input type=date> (now hidden) still submits ISO
  // YYYY-MM-DD, so the server's validation and every form stay as they are. Without this
  // script the browser's own date field is used.
  function placeCalendar(picker, anchor) {
    // Our own placement: flatpickr's would add a <style> element, which the policy forbids.
    var calendar = picker.calendarContainer;
    var box = (anchor || picker._positionElement).getBoundingClientRect();
    var height = calendar.offsetHeight;
    var above = window.innerHeight - box.bottom < height && box.top > height;
    var top = above ? box.top - height - 2 : box.bottom + 2;
    var maxLeft = document.documentElement.clientWidth - calendar.offsetWidth - 4;
    calendar.style.top = window.pageYOffset + top + "px";
    calendar.style.left = window.pageXOffset + Math.max(4, Math.min(box.left, maxLeft)) + "px";
  }

  function linkVisibleField(picker, placeholder, inputmode) {
    var original = picker.input;
    var visible = picker.altInput;
    ["aria-label", "aria-invalid", "aria-describedby"].forEach(function (name) {
      if (original.hasAttribute(name)) { visible.setAttribute(name, original.getAttribute(name)); }
    });
    // The hidden original keeps only its value: one field answers to the label.
    original.removeAttribute("aria-label");
    visible.placeholder = original.placeholder || placeholder;
    visible.setAttribute("inputmode", inputmode);
    visible.setAttribute("autocomplete", "off");
    // A <label for=...> must name the field people type in.
    if (original.id && document.querySelector("label[for='" + original.id + "']")) {
      visible.id = original.id;
      original.id = original.id + "-iso";
    }
  }

  function enhanceDates(root) {
    if (!window.flatpickr || !root.querySelectorAll) { return; }
    root.querySelectorAll("input[type=date]").forEach(function (input) {
      if (input._flatpickr) { return; }
      window.flatpickr(input, {
        locale: window.flatpickr.l10ns.id || "default",
        dateFormat: "Y-m-d",
        altInput: true,
        altFormat: "d/m/Y",
        altInputClass: "date-dmy",
        allowInput: true,
        disableMobile: true,
        minDate: input.min || null,
        maxDate: input.max || null,
        position: placeCalendar,
        onReady: function (dates, text, picker) { linkVisibleField(picker, "hh/bb/tttt", "numeric"); }
      });
    });
  }

  // Months the same way: "Desember 2025" on a grid of Indonesian month names, while the
  // hidden <input type=month> still submits YYYY-MM.
  function enhanceMonths(root) {
    if (!window.flatpickr || !window.monthSelectPlugin || !root.querySelectorAll) { return; }
    root.querySelectorAll("input[type=month]").forEach(function (input) {
      if (input._flatpickr) { return; }
      window.flatpickr(input, {
        locale: window.flatpickr.l10ns.id || "default",
        dateFormat: "Y-m",
        altInput: true,
        altInputClass: "month-name",
        allowInput: true,
        disableMobile: true,
        position: placeCalendar,
        plugins: [window.monthSelectPlugin({ shorthand: true, dateFormat: "Y-m", altFormat: "F Y" })],
        onReady: function (dates, text, picker) { linkVisibleField(picker, "Bulan tahun", "text"); }
      });
    });
  }

  function enhance(root) { enhanceDates(root); enhanceMonths(root); }
  enhance(document);
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
