import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { rejectionOf } from "../distribution/distribution-test-kit.js";
import { traced } from "../scans/scan-test-kit.js";

const MISPRINT_MESSAGE =
  "This code was voided by the brand (printing error). It does not verify a product; please contact the seller.";

describe("voiding and recalling codes", () => {
  it("voids one code given as a URL: its scans answer void with the reason and the product only, and are recorded", async () => {
    const { onecode, admin, scan, code, pkg, product } = await traced();
    const { entry, created } = await onecode.codeLifecycle.voidCodes(admin, {
      kind: "void",
      reason: "misprint",
      code: `https://t.acme.example/c/${code(2)}`,
      note: "label smeared",
    });
    expect(created).toBe(true);
    expect(entry).toEqual({
      id: expect.stringMatching(/^lcy_/),
      tenantId: "acme",
      kind: "void",
      reason: "misprint",
      note: "label smeared",
      consumerMessage: null,
      range: { packageId: pkg.id, fromSerial: 2, toSerial: 2 },
      code: code(2),
      documentId: null,
      createdBy: "acme-staff",
      createdAt: "2026-05-01T09:00:00.000Z",
      restoredBy: null,
      restoredAt: null,
    });
    const result = await scan(code(2));
    expect(result).toEqual({
      verdict: "void",
      batchState: null,
      product: {
        name: product.name,
        specification: "250g/box",
        description: "",
        images: [],
        gtin: product.gtin,
      },
      batch: null,
      productionTasks: [],
      distribution: [],
      scans: null,
      countAlert: null,
      campaign: null,
      codeStatus: {
        kind: "void",
        reason: "misprint",
        since: "2026-05-01T09:00:00.000Z",
        message: MISPRINT_MESSAGE,
      },
    });
    const records = await onecode.scans.listScans(admin, code(2));
    expect(records.items.map((record) => record.verdict)).toEqual(["void"]);
    expect((await scan(code(3))).verdict).toBe("genuine");
  });

  it("recalls a serial range as one entry with the brand's message, also while the batch is frozen", async () => {
    const { onecode, admin, scan, code, pkg, batch } = await traced();
    const { entry } = await onecode.codeLifecycle.voidCodes(admin, {
      kind: "recall",
      reason: "safety",
      packageId: pkg.id,
      fromSerial: 1,
      toSerial: pkg.total,
      consumerMessage: "请退回购买门店 Return it to the store",
    });
    expect(entry.range).toEqual({ packageId: pkg.id, fromSerial: 1, toSerial: 8 });
    expect(entry.code).toBeNull();
    for (const serial of [1, 5, 8]) {
      expect((await scan(code(serial))).codeStatus).toEqual({
        kind: "recall",
        reason: "safety",
        since: entry.createdAt,
        message: "请退回购买门店 Return it to the store",
      });
    }
    await onecode.traceBatches.setStatus(admin, batch.id, "frozen");
    const frozen = await scan(code(4));
    expect(frozen.verdict).toBe("void");
    expect(frozen.batchState).toBe("suspended");
    expect(frozen.product).toBeNull();
    expect(frozen.codeStatus?.kind).toBe("recall");
  });

  it("answers the same void again with the existing entry and created false", async () => {
    const { onecode, admin, code } = await traced();
    const input = { kind: "void", reason: "lost", code: code(6) } as const;
    const first = await onecode.codeLifecycle.voidCodes(admin, input);
    const again = await onecode.codeLifecycle.voidCodes(admin, { ...input, reason: "damaged" });
    expect(again).toEqual({ entry: first.entry, created: false });
    const listed = await onecode.codeLifecycle.listEntries(admin);
    expect(listed.items).toEqual([first.entry]);
  });

  it("restores a void: scans verify again, even a code this process remembered as void", async () => {
    const { onecode, admin, scan, code, clock } = await traced();
    const { entry } = await onecode.codeLifecycle.voidCodes(admin, {
      kind: "void",
      reason: "damaged",
      code: code(7),
    });
    expect((await scan(code(7))).verdict).toBe("void");
    expect((await scan(code(7))).verdict).toBe("void");
    clock.advance(60_000);
    const restored = await onecode.codeLifecycle.restoreEntry(admin, entry.id);
    expect(restored).toEqual({
      ...entry,
      restoredBy: "acme-staff",
      restoredAt: "2026-05-01T09:01:00.000Z",
    });
    expect((await scan(code(7))).verdict).toBe("genuine");
    expect(await onecode.codeLifecycle.restoreEntry(admin, entry.id)).toEqual(restored);
    expect(
      isOneCodeError(
        await rejectionOf(onecode.codeLifecycle.restoreEntry(admin, "lcy_missing")),
        "NOT_FOUND",
      ),
    ).toBe(true);
  });

  it("turns a code this process remembered as genuine void on its next scan", async () => {
    const { onecode, admin, scan, code } = await traced();
    expect((await scan(code(3))).verdict).toBe("genuine");
    expect((await scan(code(3))).verdict).toBe("genuine");
    await onecode.codeLifecycle.voidCodes(admin, { kind: "void", reason: "other", code: code(3) });
    expect((await scan(code(3))).verdict).toBe("void");
  });

  it("refuses malformed requests, naming every field and rule", async () => {
    const { onecode, admin, code, pkg } = await traced();
    const wrong = await rejectionOf(
      onecode.codeLifecycle.voidCodes(admin, {
        kind: "recall",
        reason: "misprint",
        code: code(1),
        packageId: pkg.id,
        note: "x".repeat(501),
        consumerMessage: "y".repeat(201),
      } as never),
    );
    expect(issuesOf(wrong)).toEqual([
      ["reason", "one_of"],
      ["note", "max_length"],
      ["consumerMessage", "max_length"],
      ["code", "one_target"],
    ]);
    const range = await rejectionOf(
      onecode.codeLifecycle.voidCodes(admin, {
        kind: "void",
        reason: "misprint",
        packageId: pkg.id,
        fromSerial: 5,
        toSerial: 4.5,
      }),
    );
    expect(issuesOf(range)).toEqual([
      ["toSerial", "range"],
      ["toSerial", "range"],
    ]);
    const past = await rejectionOf(
      onecode.codeLifecycle.voidCodes(admin, {
        kind: "void",
        reason: "misprint",
        packageId: pkg.id,
        fromSerial: 1,
        toSerial: 9,
      }),
    );
    expect(issuesOf(past)).toEqual([["toSerial", "range"]]);
    const unknown = await rejectionOf(
      onecode.codeLifecycle.voidCodes(admin, { kind: "void", reason: "lost", code: "NoSuchCode1" }),
    );
    expect((unknown as { details: unknown }).details).toMatchObject({ field: "code" });
    expect(await onecode.codeLifecycle.listEntries(admin)).toEqual({ items: [], nextCursor: null });
  });

  it("lets only admins void and restore; every staff role reads", async () => {
    const { onecode, admin, staff, code } = await traced();
    const { entry } = await onecode.codeLifecycle.voidCodes(admin, {
      kind: "void",
      reason: "lost",
      code: code(1),
    });
    for (const role of ["stock_operator", "inspector"] as const) {
      const ctx = staff("acme", role);
      const voiding = onecode.codeLifecycle.voidCodes(ctx, {
        kind: "void",
        reason: "lost",
        code: code(2),
      });
      expect(isOneCodeError(await rejectionOf(voiding), "FORBIDDEN")).toBe(true);
      const restoring = onecode.codeLifecycle.restoreEntry(ctx, entry.id);
      expect(isOneCodeError(await rejectionOf(restoring), "FORBIDDEN")).toBe(true);
      expect(await onecode.codeLifecycle.getEntry(ctx, entry.id)).toEqual(entry);
    }
    const other = staff("other", "admin");
    expect(
      isOneCodeError(
        await rejectionOf(onecode.codeLifecycle.getEntry(other, entry.id)),
        "NOT_FOUND",
      ),
    ).toBe(true);
  });

  it("lists entries by kind, package, covered code and activity", async () => {
    const { onecode, admin, code, pkg } = await traced();
    const lifecycle = onecode.codeLifecycle;
    const a = (await lifecycle.voidCodes(admin, { kind: "void", reason: "lost", code: code(1) }))
      .entry;
    const b = (
      await lifecycle.voidCodes(admin, {
        kind: "recall",
        reason: "quality",
        packageId: pkg.id,
        fromSerial: 1,
        toSerial: 4,
      })
    ).entry;
    await lifecycle.restoreEntry(admin, a.id);
    const ids = async (filter: Parameters<typeof lifecycle.listEntries>[1]) =>
      (await lifecycle.listEntries(admin, filter)).items.map((entry) => entry.id);
    expect(await ids({})).toEqual([b.id, a.id]);
    expect(await ids({ kind: "void" })).toEqual([a.id]);
    expect(await ids({ code: `https://t.acme.example/c/${code(1)}` })).toEqual([b.id, a.id]);
    expect(await ids({ code: code(5) })).toEqual([]);
    expect(await ids({ code: "NoSuchCode1" })).toEqual([]);
    expect(await ids({ active: true, packageId: pkg.id })).toEqual([b.id]);
    const paged = await lifecycle.listEntries(admin, {}, { limit: 1 });
    expect(paged.items.map((entry) => entry.id)).toEqual([b.id]);
    expect(
      (await lifecycle.listEntries(admin, {}, { cursor: paged.nextCursor })).items.map(
        (entry) => entry.id,
      ),
    ).toEqual([a.id]);
    const bad = await rejectionOf(lifecycle.listEntries(admin, { kind: "gone" as never }));
    expect(issuesOf(bad)).toEqual([["kind", "one_of"]]);
  });
});
