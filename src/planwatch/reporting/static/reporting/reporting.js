/* Reporting pages: a live hint when a figure jumps against the previous period by more than the
   plan's share and more than its absolute floor (the server checks the same rule, JumpRule in
   services/validation.py, and asks for an explanation). A file, not
   inline script (CSP script-src 'self'); the page works without it. */
(function () {
  "use strict";

  function hintFor(input) {
    return document.querySelector('[data-jump-for="' + input.id + '"]');
  }

  function check(input) {
    var hint = hintFor(input);
    if (!hint) return;
    var previous = parseFloat(input.getAttribute("data-previous"));
    var threshold = parseFloat(input.getAttribute("data-threshold"));
    var floor = parseFloat(input.getAttribute("data-floor")) || 0;
    var value = parseFloat(String(input.value).replace(/[,，]/g, ""));
    if (isNaN(previous) || previous === 0 || isNaN(value) || isNaN(threshold)) {
      hint.hidden = true;
      return;
    }
    var share = Math.abs(value - previous) / Math.abs(previous);
    if (share > threshold && Math.abs(value - previous) > floor) {
      hint.textContent = "较上期变动 " + (share * 100).toFixed(1) + "%，超过 " +
        (threshold * 100).toFixed(0) + "%，请在“变动说明”中说明原因。";
      hint.hidden = false;
    } else {
      hint.hidden = true;
    }
  }

  function setupJumps(root) {
    root.querySelectorAll("input[data-previous]").forEach(function (input) {
      input.addEventListener("input", function () { check(input); });
      check(input);
    });
  }

  // The calendar page: one box ticks or clears every rule of the page.
  function setupSelectAll() {
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      all.addEventListener("change", function () {
        all.form.querySelectorAll("input[name=rules]").forEach(function (box) { box.checked = all.checked; });
      });
    });
  }

  function setup() {
    setupJumps(document);
    setupSelectAll();
    // An item saved in place (htmx) comes back as new markup: give its figure the hint again.
    document.body.addEventListener("htmx:afterSwap", function (event) { setupJumps(event.detail.elt.parentNode || document); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
