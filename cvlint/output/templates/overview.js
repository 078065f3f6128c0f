// Sort by a column's heading, filter by text, tier and score range. Rows are sorted as an index array and
// moved once through a fragment, so thousands of rows stay quick; sort keys are read from the cells once.
// Only the first `data-visible` matching rows are shown (laying out every row of a big batch takes seconds)
// until "Show all" is pressed; sorting and filtering always run over every row.
(() => {
  "use strict";
  const table = document.getElementById("rows");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const heads = Array.from(table.tHead.rows[0].cells);
  const query = document.getElementById("query");
  const group = document.getElementById("group");
  const range = document.getElementById("range");
  const shown = document.getElementById("shown");
  const matching = document.getElementById("matching");
  const more = document.getElementById("more");
  const limit = Number(table.dataset.visible);
  let order = rows.map((_, i) => i);   // the rows' display order
  let expanded = false;
  const collate = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }).compare;
  const keys = new Map();
  let texts = null;

  function keysOf(col) {
    if (!keys.has(col)) {
      const numeric = heads[col].dataset.type === "num";
      keys.set(col, rows.map((row) => {
        const cell = row.cells[col];
        const raw = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
        return raw === "" ? null : numeric ? Number(raw) : raw;
      }));
    }
    return keys.get(col);
  }

  function sortBy(col) {
    const head = heads[col];
    const dir = head.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach((h) => h.removeAttribute("aria-sort"));
    head.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    const k = keysOf(col);
    const compare = head.dataset.type === "num" ? (x, y) => x - y : collate;
    order = rows.map((_, i) => i).sort((a, b) => {
      const x = k[a], y = k[b];
      if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;   // blanks last either way
      return compare(x, y) * dir || a - b;
    });
    const fragment = document.createDocumentFragment();
    order.forEach((i) => fragment.appendChild(rows[i]));
    body.appendChild(fragment);
    applyFilter();   // the first rows of the new order are the ones shown
  }

  function applyFilter() {
    texts = texts || rows.map((row) => row.textContent.toLowerCase());
    const q = query.value.trim().toLowerCase();
    const g = group.value;
    const [lo, hi] = range.value ? range.value.split("-").map(Number) : [null, null];
    let count = 0;
    order.forEach((i) => {
      const row = rows[i];
      const score = row.dataset.score === "" ? null : Number(row.dataset.score);
      const keep = (!q || texts[i].includes(q)) && (!g || row.dataset.group === g) &&
        (lo === null || (score !== null && score >= lo && score <= hi));
      count += keep;
      row.hidden = !(keep && (expanded || count <= limit));
    });
    shown.textContent = expanded ? count : Math.min(count, limit);
    matching.textContent = count;
    more.hidden = expanded || count <= limit;
  }

  let pending = 0;
  query.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(applyFilter, 120); });
  group.addEventListener("change", applyFilter);
  range.addEventListener("change", applyFilter);
  more.addEventListener("click", () => { expanded = true; applyFilter(); });
  heads.forEach((head, col) => head.querySelector("button").addEventListener("click", () => sortBy(col)));
  document.querySelectorAll("g.col").forEach((column) => {
    const pick = () => {
      const select = document.getElementById(column.dataset.filter);
      select.value = select.value === column.dataset.value ? "" : column.dataset.value;
      applyFilter();
    };
    column.addEventListener("click", pick);
    column.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
})();
