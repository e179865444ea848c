import { describe, expect, it } from "vitest";
import { encodeBase64Url } from "./base64url.js";
import { isOneCodeError } from "./errors.js";
import { type Page, paginate, resolvePage } from "./pagination.js";

const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${String(7 - i).padStart(2, "0")}` }));
const fetchRows = async ({ limit, beforeId }: { limit: number; beforeId: string | null }) =>
  rows.filter((row) => beforeId === null || row.id < beforeId).slice(0, limit);

describe("cursor pagination", () => {
  it("walks every row once, newest first, and ends with a null cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<{ id: string }> = await paginate({ limit: 3, cursor }, fetchRows);
      seen.push(...page.items.map((row) => row.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(rows.map((row) => row.id));
    expect(pages).toBe(3);
  });

  it("returns no cursor when the last page is exactly full", async () => {
    const page = await paginate({ limit: 7 }, fetchRows);
    expect(page.items).toHaveLength(7);
    expect(page.nextCursor).toBeNull();
  });

  it("uses 50 as the default limit", () => {
    expect(resolvePage()).toEqual({ limit: 50, beforeId: null });
  });

  it("refuses bad limits and cursors as validation errors naming the field", () => {
    for (const [request, field] of [
      [{ limit: 0 }, "limit"],
      [{ limit: 201 }, "limit"],
      [{ limit: 2.5 }, "limit"],
      [{ cursor: "not-a-cursor" }, "cursor"],
    ] as const) {
      try {
        resolvePage(request);
        expect.unreachable();
      } catch (error) {
        expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
        expect(
          (error as { details: { issues: { field: string }[] } }).details.issues[0]?.field,
        ).toBe(field);
      }
    }
  });
});

describe("page request checks", () => {
  const issuesOf = (request: Parameters<typeof resolvePage>[0]) => {
    try {
      resolvePage(request);
    } catch (error) {
      if (isOneCodeError(error, "VALIDATION_FAILED")) {
        return error.details.issues;
      }
      throw error;
    }
    return [];
  };

  it("reports a bad limit and a bad cursor in one error", () => {
    expect(issuesOf({ limit: 0, cursor: "not-a-cursor" })).toEqual([
      expect.objectContaining({ field: "limit", rule: "range" }),
      expect.objectContaining({ field: "cursor", rule: "cursor_format" }),
    ]);
  });

  it("refuses a forged cursor whose id holds a NUL character or invalid UTF-8", () => {
    const forged = (bytes: number[]) =>
      encodeBase64Url(new Uint8Array([..."c1:".split("").map((c) => c.charCodeAt(0)), ...bytes]));
    for (const cursor of [forged([0x61, 0x00, 0x62]), forged([0xed, 0xa0, 0x80])]) {
      expect(issuesOf({ cursor })).toEqual([
        expect.objectContaining({ field: "cursor", rule: "cursor_format" }),
      ]);
    }
  });
});

describe("cursor encoding", () => {
  it("round-trips ids through an opaque URL-safe cursor", async () => {
    const page = await paginate({ limit: 1 }, fetchRows);
    expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(resolvePage({ cursor: page.nextCursor })).toEqual({ limit: 50, beforeId: "r07" });
  });
});
