#include "report/html_table.h"

namespace kconv {

const char *reportCss() {
  return R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 78em;
       padding: 0 1em; color: #1f2933; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #cbd2d9; }
table { border-collapse: collapse; margin: 0.8em 0 1.6em; }
.scroll { overflow-x: auto; max-width: 100%; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e4e7eb; text-align: left;
         vertical-align: top; }
th { background: #f0f4f8; cursor: pointer; user-select: none; white-space: nowrap; }
th:hover, th:focus { background: #d9e2ec; }
th[aria-sort="ascending"]::after { content: " \25B2"; }
th[aria-sort="descending"]::after { content: " \25BC"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f9fafb; }
code { font: 12px ui-monospace, monospace; }
.problems li { color: #9b1c1c; }
.people { margin: 0.3em 0 0.8em 1.2em; } .people dt { font-weight: 600; }
.people dd { margin: 0 0 0.3em 1.5em; }
details { margin: 0.4em 0; } summary { cursor: pointer; font-weight: 600; }
svg.chart { display: block; margin: 1em 0; font-family: system-ui, sans-serif; }
.unverified { color: #9b1c1c; }
)css";
}

// Sorts a table's body by the clicked column. Numbers first go largest
// first (where the work is), text A to Z; a second click reverses. Equal
// keys keep their previous order, so sorts can be chained.
const char *sortScript() {
  return R"js(
"use strict";
(function () {
  function key(cell, numeric) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return numeric ? parseFloat(raw.replace(/,/g, "")) || 0 : raw.toLowerCase();
  }
  function sortBy(table, th, col) {
    var numeric = th.classList.contains("num");
    var current = th.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, key: key(row.cells[col], numeric), index: i };
    });
    rows.sort(function (a, b) {
      var c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (descending ? -c : c) || a.index - b.index;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.addEventListener("click", function () { sortBy(table, th, col); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, col); }
      });
    });
  });
})();
)js";
}

}  // namespace kconv
