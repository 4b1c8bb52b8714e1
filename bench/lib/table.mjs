// Plain-text tables for stdout.

const STATUS = { pass: 'PASS', miss: 'MISS', rerun: 'RERUN', info: '', error: 'ERROR' };

/** Prints rows `{ label, value, target, status }` under a title, columns aligned. */
export function printRows(title, rows) {
  const lines = [['', 'value', 'target', ''], ...rows.map((row) => [row.label, String(row.value), row.target ?? '', STATUS[row.status ?? 'info'] ?? row.status])];
  const widths = [0, 1, 2].map((column) => Math.max(...lines.map((line) => width(line[column]))));
  console.log(`\n${title}`);
  for (const [index, line] of lines.entries()) {
    const text = line.map((cell, column) => (column < 3 ? pad(cell, widths[column]) : cell)).join('  ').trimEnd();
    console.log(`  ${text}`);
    if (index === 0) console.log(`  ${'-'.repeat(widths[0] + widths[1] + widths[2] + 10)}`);
  }
}

/** Display width: CJK and other wide characters count twice. */
function width(text) {
  let n = 0;
  for (const char of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return n;
}

function pad(text, size) {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

/** `1234.5` → `1,235`; small numbers keep 3 significant digits. */
export function num(value, unit = '') {
  if (!Number.isFinite(value)) return String(value);
  const text = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(3)).toString();
  return unit === '' ? text : `${text} ${unit}`;
}

/** `median (IQR ±x%)`. */
export function spread(summary, unit = '') {
  return `${num(summary.median, unit)} (IQR ±${Math.round(summary.iqrPct / 2)}%)`;
}
