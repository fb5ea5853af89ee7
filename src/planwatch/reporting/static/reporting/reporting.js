/* Reporting pages: a live hint when a figure jumps against the previous period by more than the
   plan's threshold (the server checks the same rule and asks for an explanation). A file, not
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
    var value = parseFloat(String(input.value).replace(/[,，]/g, ""));
    if (isNaN(previous) || previous === 0 || isNaN(value) || isNaN(threshold)) {
      hint.hidden = true;
      return;
    }
    var share = Math.abs(value - previous) / Math.abs(previous);
    if (share > threshold) {
      hint.textContent = "较上期变动 " + (share * 100).toFixed(1) + "%，超过 " +
        (threshold * 100).toFixed(0) + "%，请在“变动说明”中说明原因。";
      hint.hidden = false;
    } else {
      hint.hidden = true;
    }
  }

  function setup() {
    document.querySelectorAll("input[data-previous]").forEach(function (input) {
      input.addEventListener("input", function () { check(input); });
      check(input);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
