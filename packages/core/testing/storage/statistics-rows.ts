/** Rows in a fixed order whatever order an adapter returns them (or their keys) in. */
export function sorted<R extends object>(rows: readonly R[]): R[] {
  const text = (row: R) => JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));
  return [...rows].sort((a, b) => (text(a) < text(b) ? -1 : 1));
}
