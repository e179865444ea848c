import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { collect, rejectionOf } from "../codes/codes-test-kit.js";
import { parseCsvLine } from "../codes/csv-format.js";
import { admin, campaignsTestKit, clerk, otherAdmin } from "./campaigns-test-kit.js";
import { WINNERS_EXPORT_PAGE } from "./draw-views.js";
import { WINNERS_CSV_COLUMNS } from "./winners-csv.js";

const claimedPhysical = {
  prizeKind: "physical" as const,
  prizeState: "claimed" as const,
  claimedAt: "2026-05-01T09:00:00.000Z",
  recipient: { name: "Wang Wei", phone: "13800138000", address: "1 Tea Road, Hangzhou" },
  shipping: { status: "pending" as const, courier: null, trackingNumber: null, shippedAt: null },
};

describe("draw views", () => {
  it("lists winners newest first, filtered, paged", async () => {
    const { views, storedDraw, clock } = await campaignsTestKit();
    const first = await storedDraw({ campaignId: "cmp_a", prizeKind: "cdk" });
    clock.advance(60_000);
    const second = await storedDraw({ campaignId: "cmp_b" });
    clock.advance(60_000);
    const third = await storedDraw({ campaignId: "cmp_a", ...claimedPhysical });
    await storedDraw({
      campaignId: "cmp_a",
      slot: null,
      prizeId: null,
      prizeKind: null,
      prizeState: null,
      noPrizeReason: "no_prize",
    });
    const all = await views.winners(admin);
    expect(all.items.map((d) => d.id)).toEqual([third.id, second.id, first.id]);
    expect((await views.winners(admin, { campaignId: "cmp_a" })).items.map((d) => d.id)).toEqual([
      third.id,
      first.id,
    ]);
    expect((await views.winners(admin, { prizeKind: "cdk" })).items.map((d) => d.id)).toEqual([
      first.id,
    ]);
    expect(
      (await views.winners(admin, { drawnFrom: "2026-05-01T08:01:00Z" })).items.map((d) => d.id),
    ).toEqual([third.id, second.id]);
    const page = await views.winners(admin, { limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await views.winners(admin, { limit: 2, cursor: page.nextCursor });
    expect(next.items.map((d) => d.id)).toEqual([first.id]);
    expect(
      issuesOf(
        await rejectionOf(
          views.winners(admin, {
            drawnFrom: "yesterday",
            prizeKind: "gold" as never,
            prizeState: "lost" as never,
          }),
        ),
      ),
    ).toEqual([
      ["prizeKind", "one_of"],
      ["prizeState", "one_of"],
      ["drawnFrom", "date_time"],
    ]);
  });

  it("exports winners as CSV with a BOM, CRLF, escaped cells and no CDK key", async () => {
    const { views, storedDraw } = await campaignsTestKit();
    await storedDraw({
      prizeKind: "cdk",
      prizeName: "Video, month",
      prizeState: "claimed",
      cdkKey: "SECRET-KEY-1",
    });
    await storedDraw({
      ...claimedPhysical,
      recipient: { name: '=HYPERLINK("x")', phone: "13800138000", address: '+1 "Road"' },
      shipping: { status: "shipped", courier: "SF", trackingNumber: "-42", shippedAt: null },
    });
    const chunks = await collect(views.exportWinners(admin));
    const csv = chunks.join("");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).not.toMatch(/SECRET/);
    const lines = csv.slice(1).split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(WINNERS_CSV_COLUMNS.join(","));
    const rows = lines.slice(1, -1).map((line) => parseCsvLine(line));
    expect(rows).toHaveLength(2);
    const [physicalRow, cdkRow] = rows;
    const column = (row: string[] | null | undefined, name: (typeof WINNERS_CSV_COLUMNS)[number]) =>
      row?.[WINNERS_CSV_COLUMNS.indexOf(name)];
    expect(column(physicalRow, "recipient_name")).toBe('\'=HYPERLINK("x")');
    expect(column(physicalRow, "recipient_address")).toBe('\'+1 "Road"');
    expect(column(physicalRow, "tracking_number")).toBe("'-42");
    expect(column(physicalRow, "shipping_status")).toBe("shipped");
    expect(column(cdkRow, "prize")).toBe("Video, month");
    expect(column(cdkRow, "prize_kind")).toBe("cdk");
  });

  it("streams every page of a large export", async () => {
    const { views, storedDraw } = await campaignsTestKit();
    const total = WINNERS_EXPORT_PAGE + 3;
    for (let i = 0; i < total; i++) await storedDraw();
    const chunks = await collect(views.exportWinners(admin));
    expect(chunks).toHaveLength(3);
    expect(chunks.join("").split("\r\n")).toHaveLength(total + 2);
  });

  it("refuses an export before its first chunk without the capability or with a bad filter", async () => {
    const { views } = await campaignsTestKit();
    expect(() => views.exportWinners(clerk)).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    expect(() => views.exportWinners(admin, { drawnUntil: "soon" })).toThrow(
      expect.objectContaining({ code: "VALIDATION_FAILED" }),
    );
  });

  it("lists claimed physical prizes to ship and records shipping, audited", async () => {
    const { views, storedDraw, auditEntries, clock } = await campaignsTestKit();
    const toShip = await storedDraw({ campaignId: "cmp_a", ...claimedPhysical });
    const unclaimed = await storedDraw({ campaignId: "cmp_a" });
    const points = await storedDraw({ prizeKind: "points", prizeState: "claimed" });
    expect((await views.toShip(admin)).items.map((d) => d.id)).toEqual([toShip.id]);
    expect((await views.toShip(admin, { status: "shipped" })).items).toEqual([]);
    clock.advance(3_600_000);
    const shipped = await views.markShipped(admin, toShip.id, {
      courier: " SF Express ",
      trackingNumber: "SF123",
    });
    expect(shipped.shipping).toEqual({
      status: "shipped",
      courier: "SF Express",
      trackingNumber: "SF123",
      shippedAt: "2026-05-01T09:00:00.000Z",
    });
    expect((await views.toShip(admin, { status: "shipped" })).items.map((d) => d.id)).toEqual([
      toShip.id,
    ]);
    const entry = (await auditEntries()).find((e) => e.action === "campaigns.prize.shipped");
    expect(entry?.target).toEqual({ type: "draw", id: toShip.id });
    for (const draw of [unclaimed, points]) {
      expect(
        await rejectionOf(
          views.markShipped(admin, draw.id, { courier: "SF", trackingNumber: "1" }),
        ),
      ).toMatchObject({ code: "PRIZE_NOT_CLAIMABLE", details: { drawId: draw.id } });
    }
    expect(
      await rejectionOf(
        views.markShipped(admin, "drw_missing", { courier: "SF", trackingNumber: "1" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      issuesOf(
        await rejectionOf(
          views.markShipped(admin, toShip.id, { courier: "", trackingNumber: "x".repeat(51) }),
        ),
      ),
    ).toEqual([
      ["courier", "required"],
      ["trackingNumber", "max_length"],
    ]);
    expect(
      await rejectionOf(
        views.markShipped(clerk, toShip.id, { courier: "SF", trackingNumber: "1" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps tenants apart", async () => {
    const { views, storedDraw } = await campaignsTestKit();
    const draw = await storedDraw(claimedPhysical);
    expect((await views.winners(otherAdmin)).items).toEqual([]);
    expect((await views.toShip(otherAdmin)).items).toEqual([]);
    expect(
      await rejectionOf(
        views.markShipped(otherAdmin, draw.id, { courier: "SF", trackingNumber: "1" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    const csv = (await collect(views.exportWinners(otherAdmin))).join("");
    expect(csv.split("\r\n")).toHaveLength(2);
    expect(await rejectionOf(views.winners(clerk))).toMatchObject({ code: "FORBIDDEN" });
  });
});
