/* planwatch: small behaviours of every page. A file, not inline script (CSP script-src 'self').
   - the 菜单 button opens and closes the navigation on phones;
   - an open menu of the navigation (管理, the signed-in user) closes on a click elsewhere or Esc;
   - tables with <th data-sort> sort by that column when its header is clicked;
   - a <select data-autosubmit> submits its form when changed (the plan switcher). */
(function () {
  "use strict";

  function setupNav() {
    var bar = document.getElementById("topbar");
    var button = bar && bar.querySelector(".nav-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    function closeMenus(except) {
      bar.querySelectorAll("details.nav__menu[open]").forEach(function (menu) {
        if (menu !== except) menu.removeAttribute("open");
      });
    }
    document.addEventListener("click", function (event) {
      closeMenus(event.target.closest ? event.target.closest("details.nav__menu") : null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeMenus(null);
    });
  }

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? 0 : "";
    var raw = cell.getAttribute("data-value");
    if (raw === null) raw = cell.textContent.trim();
    if (!numeric) return raw;
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }

  function sortBy(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    if (!body) return;
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-sort") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[data-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric);
      var y = cellValue(b, index, numeric);
      var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setupSorting(root) {
    root.querySelectorAll("th[data-sort]").forEach(function (th) {
      if (th.dataset.sortReady) return;
      th.dataset.sortReady = "1";
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
      });
    });
  }

  function setupAutosubmit(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      if (select.dataset.autosubmitReady) return;
      select.dataset.autosubmitReady = "1";
      select.addEventListener("change", function () { select.form.submit(); });
    });
    root.querySelectorAll("[data-hide-with-js]").forEach(function (el) { el.hidden = true; });
  }

  function setup(root) {
    setupSorting(root);
    setupAutosubmit(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupNav();
    setup(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) { setup(event.target); });
})();
