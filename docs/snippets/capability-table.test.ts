/**
 * The capability tables of docs/guides/embedding.md say what core holds:
 * every capability with its description, and what today's roles bundle.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CAPABILITIES, ROLE_CAPABILITIES, ROLE_SCOPES } from "@onecode/core/input-rules";
import { expect, it } from "vitest";

const guide = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), "../guides/embedding.md"),
  "utf8",
);

/** The rows of the markdown table whose header row starts with `header`. */
function tableRows(header: string): string[][] {
  const start = guide.indexOf(header);
  expect(start, header).toBeGreaterThan(-1);
  const lines = guide.slice(start).split("\n");
  const rows: string[][] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

it("lists every capability with the description core gives it", () => {
  const rows = tableRows("| capability | allows |");
  expect(rows.map(([name, allows]) => [name?.replaceAll("`", ""), allows])).toEqual(
    Object.entries(CAPABILITIES),
  );
});

it("shows what today's roles hold, as ROLE_CAPABILITIES and ROLE_SCOPES say", () => {
  const rows = tableRows("| capability | `admin` | `stock_operator` | `inspector` |");
  const named = new Set<string>();
  const roles = ["admin", "stock_operator", "inspector"] as const;
  for (const [names = "", ...cells] of rows) {
    const listed =
      names === "every other capability"
        ? Object.keys(CAPABILITIES).filter((name) => !named.has(name))
        : names.split(", ").map((name) => name.replaceAll("`", ""));
    for (const name of listed) {
      named.add(name);
      roles.forEach((role, index) => {
        const held = (ROLE_CAPABILITIES[role] as readonly string[]).includes(name);
        const scope = (ROLE_SCOPES[role] as Record<string, string> | undefined)?.[name];
        const expected = !held
          ? "no"
          : scope === "assigned_enterprises"
            ? "enterprises assigned to them"
            : scope === "own"
              ? "own reports"
              : "yes";
        expect(cells[index], `${name} for ${role}`).toBe(expected);
      });
    }
  }
  expect([...named].sort()).toEqual(Object.keys(CAPABILITIES).sort());
});
