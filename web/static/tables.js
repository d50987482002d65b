// Names every data cell after its column (data-label) so that on a narrow
// screen, where app.css stacks a table's rows as cards, each value still
// says what it is. Without JavaScript the rows stack all the same; only the
// column names are missing. Cells that already carry a label keep it.
document.querySelectorAll('table').forEach((table) => {
  const names = [];
  const head = table.tHead && table.tHead.rows[0];
  if (!head) return;
  for (const th of head.cells) {
    // innerText keeps the line break of "anwesend<br>08.12.2026" as a gap.
    const name = th.innerText.replace(/\s+/g, ' ').trim();
    for (let i = 0; i < th.colSpan; i++) names.push(name);
  }
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (cell.tagName === 'TD' && names[column] && !cell.hasAttribute('data-label')) {
          cell.setAttribute('data-label', names[column]);
        }
        column += cell.colSpan;
      }
    }
  }
});
