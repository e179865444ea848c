/** Columns of a text package (文字码包). */
export const CODE_CSV_COLUMNS = ["serial", "level", "code", "url", "parent_code"] as const;

/** The header line of a text package. */
export const CODE_CSV_HEADER = CODE_CSV_COLUMNS.join(",");

/** Line ending of exported CSV (RFC 4180). */
export const CSV_LINE_END = "\r\n";

/**
 * One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
 * comma, a quote, a line break or surrounding spaces; otherwise as is.
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (without the line ending) from its fields. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/**
 * Splits one CSV line (RFC 4180 quoting) into fields; `null` when the quoting
 * is malformed (an unclosed quote, or text right after a closing quote).
 */
export function parseCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const next = line.indexOf('"', i);
        if (next === -1) return null;
        value += line.slice(i, next);
        if (line[next + 1] === '"') {
          value += '"';
          i = next + 2;
          continue;
        }
        i = next + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ",") return null;
      i++;
    } else {
      const next = line.indexOf(",", i);
      if (next === -1) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, next));
      i = next + 1;
    }
  }
}
