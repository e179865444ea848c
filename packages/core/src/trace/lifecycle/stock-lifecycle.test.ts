import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { rejectionOf } from "../distribution/distribution-test-kit.js";
import { traced } from "../scans/scan-test-kit.js";

/** `traced()`: case 1 (codes 1-4) at the distributor, case 2 (codes 5-8) at the factory. */
describe("stock documents and the code lifecycle", () => {
  it("makes a code a destruction document moved scan as destroyed; a sampled one still verifies", async () => {
    const { onecode, admin, scan, code, distributor, product } = await traced();
    expect((await scan(code(2))).verdict).toBe("genuine");
    const destruction = await onecode.distribution.createDocument(admin, {
      outboundType: "destruction",
      fromEnterpriseId: distributor.id,
    });
    await onecode.distribution.scanIntoDocument(admin, destruction.id, code(2));
    const result = await scan(code(2));
    expect(result).toEqual({
      verdict: "destroyed",
      batchState: null,
      product: expect.objectContaining({ name: product.name }),
      batch: null,
      productionTasks: [],
      distribution: [],
      scans: null,
      countAlert: null,
      campaign: null,
      codeStatus: {
        kind: "destroyed",
        reason: null,
        since: "2026-05-01T09:00:00.000Z",
        message:
          "This item was recorded as destroyed by the brand and should not be on sale. Please contact the seller.",
      },
    });
    const sampling = await onecode.distribution.createDocument(admin, {
      outboundType: "sampling",
      fromEnterpriseId: distributor.id,
    });
    await onecode.distribution.scanIntoDocument(admin, sampling.id, code(3));
    expect((await scan(code(3))).verdict).toBe("genuine");
    const entries = await onecode.codeLifecycle.listEntries(admin, { kind: "destroyed" });
    expect(entries.items).toEqual([
      expect.objectContaining({
        kind: "destroyed",
        documentId: destruction.id,
        range: expect.objectContaining({ fromSerial: 2, toSerial: 2 }),
      }),
    ]);
    const restore = await rejectionOf(
      onecode.codeLifecycle.restoreEntry(admin, entries.items[0]?.id as string),
    );
    expect(isOneCodeError(restore, "INVALID_STATE_TRANSITION")).toBe(true);
    const located = await onecode.distribution.locateCode(admin, code(2));
    expect(located.status?.kind).toBe("destroyed");
    expect(located.holding?.enterpriseId).toBeNull();
  });

  it("refuses void and recalled codes, alone or in a case, in documents other than returns and destructions", async () => {
    const { onecode, admin, code, factory, distributor, retailer } = await traced();
    const { entry } = await onecode.codeLifecycle.voidCodes(admin, {
      kind: "recall",
      reason: "quality",
      code: code(7),
    });
    const sale = await onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
    });
    for (const scanned of [code(7), code(5)]) {
      const refused = await rejectionOf(
        onecode.distribution.scanIntoDocument(admin, sale.id, scanned),
      );
      expect(isOneCodeError(refused, "CODE_VOIDED")).toBe(true);
      expect((refused as { details: unknown }).details).toMatchObject({ entryId: entry.id });
    }
    expect((await onecode.distribution.getDocument(admin, sale.id)).codeCount).toBe(0);
    await onecode.codeLifecycle.unpack(admin, { code: code(5), children: [code(7)] });
    expect((await onecode.distribution.scanIntoDocument(admin, sale.id, code(5))).moved).toBe(3);
    // Recalled goods flow back and out: returns and destructions take them.
    await onecode.codeLifecycle.voidCodes(admin, {
      kind: "void",
      reason: "damaged",
      code: code(4),
    });
    const onward = await onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      fromEnterpriseId: distributor.id,
      toEnterpriseId: retailer.id,
    });
    const refusedCase = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, onward.id, code(1)),
    );
    expect(isOneCodeError(refusedCase, "CODE_VOIDED")).toBe(true);
    const back = await onecode.distribution.createDocument(admin, {
      outboundType: "return",
      inboundType: "return",
      fromEnterpriseId: distributor.id,
      toEnterpriseId: factory.id,
    });
    expect((await onecode.distribution.scanIntoDocument(admin, back.id, code(1))).moved).toBe(4);
    const destruction = await onecode.distribution.createDocument(admin, {
      outboundType: "destruction",
      fromEnterpriseId: factory.id,
    });
    const destroyed = await onecode.distribution.scanIntoDocument(admin, destruction.id, code(7));
    expect(destroyed.moved).toBe(1);
  });

  it("records a destruction of a re-packed case as one destroyed entry per segment", async () => {
    const { onecode, admin, code, factory, scan } = await traced();
    await onecode.codeLifecycle.unpack(admin, { code: code(5), children: [code(6)] });
    const destruction = await onecode.distribution.createDocument(admin, {
      outboundType: "destruction",
      fromEnterpriseId: factory.id,
    });
    const result = await onecode.distribution.scanIntoDocument(admin, destruction.id, code(5));
    expect(result.items.map((item) => [item.range.fromSerial, item.range.toSerial])).toEqual([
      [5, 5],
      [7, 8],
    ]);
    const entries = await onecode.codeLifecycle.listEntries(admin, { kind: "destroyed" });
    expect(
      entries.items.map((entry) => [entry.range.fromSerial, entry.range.toSerial]).reverse(),
    ).toEqual([
      [5, 5],
      [7, 8],
    ]);
    expect((await scan(code(6))).verdict).toBe("genuine");
    expect((await scan(code(8))).verdict).toBe("destroyed");
  });
});
