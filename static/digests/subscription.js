/* The subscribe and manage forms, where scripts run: the time zone starts as the
   browser's (when the page offers the default), the hour, day and spike settings show
   only when they apply, and after a refused submit the error summary takes the focus.
   Without scripts every field is simply shown. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-subscription-form]");
  if (!form) return;

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  var zone = form.querySelector('input[name="time_zone"]');
  if (zone && !summary && zone.value === "UTC" && zone.defaultValue === "UTC" && form.hasAttribute("data-guess-zone")) {
    try {
      var guessed = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var known = document.querySelector('#time-zones option[value="' + (guessed || "").replace(/"/g, "") + '"]');
      if (guessed && known) zone.value = guessed;
    } catch (e) { /* keep UTC */ }
  }

  function frequency() {
    var checked = form.querySelector('input[name="frequency"]:checked');
    return checked ? checked.value : "";
  }

  function update() {
    var now = frequency();
    form.querySelectorAll("[data-shown-when]").forEach(function (field) {
      var wanted = field.getAttribute("data-shown-when").split(" ");
      var invalid = field.classList.contains("invalid");
      field.hidden = !invalid && wanted.indexOf(now) === -1;
    });
    form.querySelectorAll("[data-shown-with]").forEach(function (group) {
      var box = form.querySelector('input[name="' + group.getAttribute("data-shown-with") + '"]');
      group.hidden = !!box && !box.checked && !group.querySelector(".invalid");
    });
  }

  form.addEventListener("change", update);
  update();
})();
