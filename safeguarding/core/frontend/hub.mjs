// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();

// Phone-width tables stack their cells (hub.scss): each cell is labelled with its column's
// heading, and keeps its table role, which CSS display changes would drop for screen readers.
for (const table of document.querySelectorAll("table.govuk-table")) {
  // A heading's own words: a sortable heading's label, not its "sorted A to Z" hint or arrow.
  const headings = Array.from(table.querySelectorAll("thead tr:last-child th")).map((th) =>
    th.dataset.label ?? th.textContent.replace(/\s+/g, " ").trim(),
  );
  table.setAttribute("role", "table");
  for (const group of table.querySelectorAll("thead, tbody, tfoot")) group.setAttribute("role", "rowgroup");
  for (const row of table.querySelectorAll("tr")) {
    row.setAttribute("role", "row");
    let column = 0;
    for (const cell of row.children) {
      const inHead = cell.closest("thead") !== null;
      cell.setAttribute("role", inHead ? "columnheader" : cell.tagName === "TH" ? "rowheader" : "cell");
      if (!inHead && headings[column] !== undefined && !cell.hasAttribute("data-label")) {
        cell.setAttribute("data-label", headings[column]);
      }
      column += Number(cell.getAttribute("colspan") || 1);
    }
  }
}
