import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { distributionTestKit, rejectionOf } from "../distribution/distribution-test-kit.js";

/**
 * A tree and an associated two-level package 1:4 of three cases (serials
 * 1-5, 6-10, 11-15) entered at the factory, and a sale to the distributor.
 */
async function packed() {
  const kit = await distributionTestKit();
  const tree = await kit.makeTree();
  const { pkg, codes } = await kit.makePackage({
    codeType: "two-level",
    ratio: { innerPerOuter: 4 },
    quantity: 3,
  });
  const code = (serial: number) => codes[serial - 1]?.code as string;
  const { onecode, admin } = kit;
  const entry = await onecode.distribution.createDocument(admin, {
    inboundType: "production",
    toEnterpriseId: tree.factory.id,
  });
  for (const outer of [1, 6, 11]) {
    await onecode.distribution.scanIntoDocument(admin, entry.id, code(outer));
  }
  const sale = () =>
    onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      inboundType: "purchase",
      fromEnterpriseId: tree.factory.id,
      toEnterpriseId: tree.distributor.id,
    });
  const holderOf = async (serial: number) =>
    (await onecode.distribution.locateCode(admin, code(serial))).holding?.enterpriseId;
  return { ...kit, ...tree, pkg, codes, code, sale, holderOf, lifecycle: onecode.codeLifecycle };
}

describe("unpacking (拆箱)", () => {
  it("detaches a case's children: they move alone and the emptied case moves only itself", async () => {
    const { onecode, admin, lifecycle, code, pkg, sale, holderOf, factory, distributor } =
      await packed();
    const operation = await lifecycle.unpack(admin, { code: code(1), note: "shelf stock" });
    expect(operation).toEqual({
      operationId: expect.stringMatching(/^aggop_/),
      changes: [
        {
          id: expect.stringMatching(/^agg_/),
          tenantId: "acme",
          operationId: operation.operationId,
          action: "unpack",
          packageId: pkg.id,
          parentSerial: 1,
          parentCode: code(1),
          children: { fromSerial: 2, toSerial: 5 },
          documentId: null,
          note: "shelf stock",
          actorId: "acme-staff",
          at: "2026-05-01T08:00:00.000Z",
        },
      ],
    });
    const document = await sale();
    const caseOnly = await onecode.distribution.scanIntoDocument(admin, document.id, code(1));
    expect(caseOnly.moved).toBe(1);
    expect(await holderOf(2)).toBe(factory.id);
    const bottle = await onecode.distribution.scanIntoDocument(admin, document.id, code(3));
    expect(bottle.moved).toBe(1);
    expect(await holderOf(3)).toBe(distributor.id);
    const located = await onecode.distribution.locateCode(admin, code(3));
    expect(located.parent).toBeNull();
    expect(located.segments).toEqual([{ fromSerial: 3, toSerial: 3 }]);
    expect(await lifecycle.unpack(admin, { code: code(1) })).toEqual({
      operationId: expect.any(String),
      changes: [],
    });
  });

  it("takes out only the listed children, skips loose ones, and refuses a child of another case", async () => {
    const { onecode, admin, lifecycle, code, sale } = await packed();
    const first = await lifecycle.unpack(admin, { code: code(6), children: [code(8), code(9)] });
    expect(first.changes.map((change) => change.children)).toEqual([
      { fromSerial: 8, toSerial: 9 },
    ]);
    const again = await lifecycle.unpack(admin, { code: code(6), children: [code(8), code(10)] });
    expect(again.changes.map((change) => change.children)).toEqual([
      { fromSerial: 10, toSerial: 10 },
    ]);
    const foreign = await rejectionOf(
      lifecycle.unpack(admin, { code: code(6), children: [code(2)] }),
    );
    expect(issuesOf(foreign)).toEqual([["children.0", "not_a_child"]]);
    const document = await sale();
    const moved = await onecode.distribution.scanIntoDocument(admin, document.id, code(6));
    expect(moved.moved).toBe(2);
    expect(moved.items.map((item) => item.range)).toEqual([
      { packageId: moved.item.range.packageId, fromSerial: 6, toSerial: 7 },
    ]);
  });

  it("refuses an item code, a code of an unassociated package, and other packages' children", async () => {
    const { lifecycle, admin, code, makePackage } = await packed();
    const item = await rejectionOf(lifecycle.unpack(admin, { code: code(2) }));
    expect(issuesOf(item)).toEqual([["code", "packaging_code"]]);
    const loose = await makePackage({
      codeType: "two-level",
      ratio: { innerPerOuter: 2 },
      quantity: 1,
      associated: false,
    });
    const unassociated = await rejectionOf(
      lifecycle.unpack(admin, { code: loose.codes[0]?.code as string }),
    );
    expect(issuesOf(unassociated)).toEqual([["code", "packaging_code"]]);
    const other = await rejectionOf(
      lifecycle.unpack(admin, { code: code(1), children: [loose.codes[1]?.code as string] }),
    );
    expect(issuesOf(other)).toEqual([["children.0", "same_package"]]);
  });
});

describe("re-packing (换箱)", () => {
  it("moves codes into another case: the case moves them, and the history records both cases", async () => {
    const { onecode, admin, lifecycle, code, pkg, sale, holderOf, factory, distributor } =
      await packed();
    await lifecycle.unpack(admin, { code: code(6), children: [code(7), code(8)] });
    const operation = await lifecycle.repack(admin, {
      parent: code(6),
      children: [code(2), code(3)],
      note: "case 1 damaged",
    });
    expect(
      operation.changes.map(({ action, parentSerial, children }) => ({
        action,
        parentSerial,
        children,
      })),
    ).toEqual([
      { action: "unpack", parentSerial: 1, children: { fromSerial: 2, toSerial: 3 } },
      { action: "pack", parentSerial: 6, children: { fromSerial: 2, toSerial: 3 } },
    ]);
    const located = await onecode.distribution.locateCode(admin, code(2));
    expect(located.parent).toEqual({ serial: 6, code: code(6) });
    expect((await onecode.distribution.locateCode(admin, code(6))).segments).toEqual([
      { fromSerial: 2, toSerial: 3 },
      { fromSerial: 6, toSerial: 6 },
      { fromSerial: 9, toSerial: 10 },
    ]);
    const document = await sale();
    const moved = await onecode.distribution.scanIntoDocument(admin, document.id, code(6));
    expect(moved.moved).toBe(5);
    expect(moved.items.map((item) => [item.range.fromSerial, item.range.toSerial])).toEqual([
      [2, 3],
      [6, 6],
      [9, 10],
    ]);
    expect(moved.document.codeCount).toBe(5);
    for (const serial of [2, 3, 6, 9, 10]) expect(await holderOf(serial)).toBe(distributor.id);
    for (const serial of [1, 4, 7, 8]) expect(await holderOf(serial)).toBe(factory.id);
    const steps = (await onecode.distribution.locateCode(admin, code(2))).steps;
    expect(steps.map((step) => step.documentId)).toEqual([steps[0]?.documentId, document.id]);
    const history = await lifecycle.aggregationHistory(admin, code(2));
    expect(history.map((change) => [change.action, change.parentSerial])).toEqual([
      ["unpack", 1],
      ["pack", 6],
    ]);
    expect(history[0]?.packageId).toBe(pkg.id);
  });

  it("puts a code back under its own case without leaving a trace in the current tree", async () => {
    const { onecode, admin, lifecycle, code } = await packed();
    await lifecycle.unpack(admin, { code: code(1), children: [code(2)] });
    await lifecycle.repack(admin, { parent: code(1), children: [code(2)] });
    expect((await onecode.distribution.locateCode(admin, code(1))).segments).toEqual([
      { fromSerial: 1, toSerial: 5 },
    ]);
    expect(
      (await lifecycle.repack(admin, { parent: code(1), children: [code(2)] })).changes,
    ).toEqual([]);
  });

  it("refuses a wrong level, a full case, void codes and codes held elsewhere, changing nothing", async () => {
    const { onecode, admin, lifecycle, code, sale } = await packed();
    const level = await rejectionOf(
      lifecycle.repack(admin, { parent: code(1), children: [code(6)] }),
    );
    expect(issuesOf(level)).toEqual([["children.0", "child_level"]]);
    const full = await rejectionOf(
      lifecycle.repack(admin, { parent: code(1), children: [code(7)] }),
    );
    expect(issuesOf(full)).toEqual([["children", "capacity"]]);
    await onecode.codeLifecycle.voidCodes(admin, {
      kind: "void",
      reason: "damaged",
      code: code(12),
    });
    await lifecycle.unpack(admin, { code: code(1), children: [code(2)] });
    const voided = await rejectionOf(
      lifecycle.repack(admin, { parent: code(1), children: [code(12)] }),
    );
    expect(isOneCodeError(voided, "CODE_VOIDED")).toBe(true);
    const document = await sale();
    await onecode.distribution.scanIntoDocument(admin, document.id, code(13));
    const elsewhere = await rejectionOf(
      lifecycle.repack(admin, { parent: code(1), children: [code(13)] }),
    );
    expect(isOneCodeError(elsewhere, "HOLDER_MISMATCH")).toBe(true);
    expect((await onecode.distribution.locateCode(admin, code(1))).segments).toEqual([
      { fromSerial: 1, toSerial: 1 },
      { fromSerial: 3, toSerial: 5 },
    ]);
    const duplicate = await rejectionOf(
      lifecycle.repack(admin, { parent: code(1), children: [code(2), code(2)] }),
    );
    expect(issuesOf(duplicate)).toEqual([["children.1", "duplicate"]]);
    const none = await rejectionOf(lifecycle.repack(admin, { parent: code(1), children: [] }));
    expect(issuesOf(none)).toEqual([["children", "min_items"]]);
  });

  it("moves a re-packed middle unit with its inner codes when its new outer case moves", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const tree = await kit.makeTree();
    // 1:2:4: unit 1 = outer 1, middle 2 (3, 4), middle 5 (6, 7); unit 2 = outer 8, middles 9, 12.
    const { codes } = await kit.makePackage({
      codeType: "three-level",
      ratio: { middlePerOuter: 2, innerPerOuter: 4 },
      quantity: 2,
    });
    const code = (serial: number) => codes[serial - 1]?.code as string;
    const entry = await onecode.distribution.createDocument(admin, {
      inboundType: "production",
      toEnterpriseId: tree.factory.id,
    });
    await onecode.distribution.scanIntoDocument(admin, entry.id, code(1));
    await onecode.distribution.scanIntoDocument(admin, entry.id, code(8));
    await onecode.codeLifecycle.unpack(admin, { code: code(1), children: [code(5)] });
    await onecode.codeLifecycle.unpack(admin, { code: code(2), children: [code(4)] });
    // Middle 12 leaves outer 8 for outer 1, with its inner codes 13 and 14.
    await onecode.codeLifecycle.repack(admin, { parent: code(1), children: [code(12)] });
    const wrong = await rejectionOf(
      onecode.codeLifecycle.repack(admin, { parent: code(1), children: [code(9)] }),
    );
    expect(issuesOf(wrong)).toEqual([["children", "capacity"]]);
    expect((await onecode.distribution.locateCode(admin, code(1))).segments).toEqual([
      { fromSerial: 1, toSerial: 3 },
      { fromSerial: 12, toSerial: 14 },
    ]);
    expect((await onecode.distribution.locateCode(admin, code(13))).parent).toEqual({
      serial: 12,
      code: code(12),
    });
    const sale = await onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      fromEnterpriseId: tree.factory.id,
      toEnterpriseId: tree.distributor.id,
    });
    expect((await onecode.distribution.scanIntoDocument(admin, sale.id, code(1))).moved).toBe(6);
    expect((await onecode.distribution.scanIntoDocument(admin, sale.id, code(8))).moved).toBe(4);
  });

  it("lets a stock operator change only cases their enterprises hold", async () => {
    const { admin, lifecycle, code, member, factory, distributor, onecode, sale } = await packed();
    const atFactory = await member(["stock_operator"], [factory.id]);
    const atDistributor = await member(["stock_operator"], [distributor.id]);
    await lifecycle.unpack(atFactory, { code: code(1), children: [code(2)] });
    const refused = await rejectionOf(lifecycle.unpack(atDistributor, { code: code(1) }));
    expect(isOneCodeError(refused, "FORBIDDEN")).toBe(true);
    const document = await sale();
    await onecode.distribution.scanIntoDocument(admin, document.id, code(6));
    await lifecycle.unpack(atDistributor, { code: code(6), children: [code(7)] });
    const inspector = await member(["inspector"]);
    expect(
      isOneCodeError(
        await rejectionOf(lifecycle.unpack(inspector, { code: code(11) })),
        "FORBIDDEN",
      ),
    ).toBe(true);
    expect(await lifecycle.aggregationHistory(inspector, code(7))).toHaveLength(1);
  });

  it("keeps every code with one holder when moves and re-packs of one case race", async () => {
    const { onecode, admin, lifecycle, code, sale, holderOf } = await packed();
    await lifecycle.unpack(admin, { code: code(6), children: [code(7)] });
    const document = await sale();
    const [move, repack] = await Promise.allSettled([
      onecode.distribution.scanIntoDocument(admin, document.id, code(1)),
      lifecycle.repack(admin, { parent: code(6), children: [code(2)] }),
    ]);
    const moved = move.status === "fulfilled";
    const repacked = repack.status === "fulfilled";
    expect(moved || repacked).toBe(true);
    const holderOf2 = await holderOf(2);
    const holderOf6 = await holderOf(6);
    if (repacked) expect(holderOf2).toBe(holderOf6);
    if (moved && !repacked) expect(holderOf2).toBe(await holderOf(1));
  });
});
