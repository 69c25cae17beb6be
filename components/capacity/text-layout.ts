/**
 * Plain-text layout for terminal output (`plan`, `catalog`): aligned tables and prose kept within
 * a line width, long lists cut to "+N more". Pure string functions.
 */

/** The widest line the command line prints: a common terminal width that still fits a side-by-side diff. */
export const TERMINAL_WIDTH = 120;

/** Narrowest useful width for a table's last column; below it, the column moves under its row. */
const MIN_LAST_COLUMN = 20;

/** Indent of a table's last column when it moves under its row. */
const UNDER_ROW_INDENT = "    ";

/**
 * `text` broken at spaces into lines of at most `width` characters, continuation lines starting
 * with `indent` (leading spaces of `text` stay on its first line). A word longer than a line is
 * cut, so no line is ever wider than `width`.
 */
export function wrapWords(text: string, width: number, indent = ""): string[] {
  const lead = /^ */.exec(text)![0];
  const next = indent.length < width ? indent : "";
  const lines: string[] = [];
  let line = lead;
  let bare = true; // no word on `line` yet
  const newLine = () => {
    lines.push(line);
    line = next;
    bare = true;
  };
  for (let word of text.slice(lead.length).split(" ").filter((w) => w !== "")) {
    if (!bare && line.length + 1 + word.length > width) newLine();
    while ((bare ? line.length : line.length + 1) + word.length > width) {
      const room = width - (bare ? line.length : line.length + 1);
      if (room > 0) {
        line = bare ? `${line}${word.slice(0, room)}` : `${line} ${word.slice(0, room)}`;
        word = word.slice(room);
      }
      newLine();
    }
    if (word !== "") {
      line = bare ? `${line}${word}` : `${line} ${word}`;
      bare = false;
    }
  }
  if (!bare || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `items` as a comma-separated list in lines of at most `width` characters, at most `maxLines`
 * of them; what does not fit ends the last line as "+N more". An item wider than a line is
 * shortened with "…".
 */
export function listWithin(items: readonly string[], width: number, maxLines: number): string[] {
  const fitted = items.map((item) => (item.length > width ? `${item.slice(0, Math.max(0, width - 1))}…` : item));
  const lines: string[] = [];
  let line = "";
  for (let i = 0; i < fitted.length; i++) {
    const item = fitted[i]!;
    const last = i === fitted.length - 1;
    const piece = last ? item : `${item},`;
    if (line === "" || line.length + 1 + piece.length <= width) {
      line = line === "" ? piece : `${line} ${piece}`;
      continue;
    }
    if (lines.length + 1 === maxLines) return [...lines, withMore(line, fitted.length - i, width)];
    lines.push(line);
    line = piece;
  }
  return [...lines, line];
}

/** A full line of a list, ended with "+N more" for the `left` items that did not fit. */
function withMore(line: string, left: number, width: number): string {
  const items = line.replace(/,$/, "").split(", ");
  let shown = items.length;
  const render = () => `${items.slice(0, shown).join(", ")}${shown > 0 ? ", " : ""}+${left + items.length - shown} more`;
  while (shown > 0 && render().length > width) shown--;
  return render();
}

export interface TableOptions {
  /** @default TERMINAL_WIDTH */
  readonly width?: number;
  /** The last column's cell, laid out in `width` characters as lines. */
  readonly lastColumn: (row: number, width: number) => string[];
}

/**
 * An aligned table: `rows` hold every column but the last, which takes the width the others
 * leave. A table that fits prints one line per row. Otherwise the last column's cells span
 * lines under it, or, when the other columns leave it less than MIN_LAST_COLUMN, go under each
 * row, indented and named; headers break over two lines if the other columns are still too wide,
 * and then the first column's cells break at spaces (`a-spot-1-fallback (fallback)` over two lines).
 */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions): string[] {
  const width = options.width ?? TERMINAL_WIDTH;
  const fixed = header.slice(0, -1);
  const lastHeader = header[header.length - 1]!;
  const dataWidths = fixed.map((_, c) => Math.max(0, ...rows.map((r) => r[c]!.length)));
  const oneLine = fixed.map((h) => [h]);
  // Each header on at most two lines, as narrow as its values allow.
  const broken = fixed.map((h, c) => {
    let w = Math.max(dataWidths[c]!, ...h.split(" ").map((word) => word.length));
    while (wrapWords(h, w).length > 2) w++;
    return wrapWords(h, w);
  });
  const whole = rows.map((_, i) => options.lastColumn(i, Number.MAX_SAFE_INTEGER).join(" "));
  const startOf = (heads: readonly string[][]) => heads.reduce((n, h, c) => n + Math.max(dataWidths[c]!, ...h.map((l) => l.length)) + 2, 0);
  const lastWidth = Math.max(lastHeader.length, ...whole.map((l) => l.length));
  if (startOf(oneLine) + lastWidth <= width) return inline(oneLine, () => whole.map((l) => [l]));
  if (width - startOf(oneLine) >= MIN_LAST_COLUMN) return inline(oneLine, (room) => rows.map((_, i) => options.lastColumn(i, room)));
  return underRows(startOf(oneLine) - 2 <= width ? oneLine : broken);

  function columns(heads: readonly string[][], firstWidth?: number) {
    const widths = heads.map((h, c) => (c === 0 && firstWidth !== undefined ? firstWidth : Math.max(dataWidths[c]!, ...h.map((l) => l.length))));
    const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join("  ");
    const headerLines = Array.from({ length: Math.max(...heads.map((h) => h.length)) }, (_, k) => line(heads.map((h) => h[k] ?? "")));
    return { start: startOf(heads), line, headerLines };
  }

  function inline(heads: readonly string[][], cells: (room: number) => string[][]): string[] {
    const { start, line, headerLines } = columns(heads);
    const out = headerLines.map((l, k) => (k === 0 ? `${l}  ${lastHeader}` : l).trimEnd());
    cells(width - start).forEach((lines, i) => {
      const [first = "", ...rest] = lines;
      out.push(`${line(rows[i]!)}  ${first}`.trimEnd(), ...rest.map((l) => `${" ".repeat(start)}${l}`));
    });
    return out;
  }

  function underRows(heads: readonly string[][]): string[] {
    // Still too wide: the first column narrows to what the line leaves it, never below its longest word.
    const over = startOf(heads) - 2 - width;
    const words = (cell: string) => Math.max(0, ...cell.split(" ").map((w) => w.length));
    const first = over > 0 ? Math.max(words(fixed[0]!), ...rows.map((r) => words(r[0]!)), Math.max(dataWidths[0]!, fixed[0]!.length) - over) : undefined;
    const { line, headerLines } = columns(heads, first);
    const label = `${lastHeader.toLowerCase()}: `;
    const out = headerLines.map((l) => l.trimEnd());
    rows.forEach((r, i) => {
      const [head = "", ...more] = first !== undefined ? wrapWords(r[0]!, first) : [r[0]!];
      out.push(line([head, ...r.slice(1)]).trimEnd(), ...more);
      const lines = options.lastColumn(i, width - UNDER_ROW_INDENT.length - label.length);
      out.push(...lines.map((l, k) => `${UNDER_ROW_INDENT}${k === 0 ? label : " ".repeat(label.length)}${l}`));
    });
    return out;
  }
}
