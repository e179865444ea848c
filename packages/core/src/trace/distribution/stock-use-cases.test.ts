import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { distributionTestKit, rejectionOf } from "./distribution-test-kit.js";

const codeOf = (codes: ReadonlyArray<{ code: string }>, serial: number) =>
  codes[serial - 1]?.code as string;

/** A tree, an associated three-level package 1:2:4 (two cases of 7 codes) entered at the factory. */
async function stocked() {
  const kit = await distributionTestKit();
  const tree = await kit.makeTree();
  const { pkg, codes } = await kit.makePackage({
    codeType: "three-level",
    ratio: { middlePerOuter: 2, innerPerOuter: 4 },
    quantity: 2,
  });
  const production = await kit.onecode.distribution.createDocument(kit.admin, {
    inboundType: "production",
    toEnterpriseId: tree.factory.id,
  });
  for (const outer of [1, 8]) {
    await kit.onecode.distribution.scanIntoDocument(kit.admin, production.id, codeOf(codes, outer));
  }
  const sale = (to = tree.distributor.id) =>
    kit.onecode.distribution.createDocument(kit.admin, {
      outboundType: "sale",
      inboundType: "purchase",
      fromEnterpriseId: tree.factory.id,
      toEnterpriseId: to,
      consumerVisible: true,
    });
  return { ...kit, ...tree, pkg, codes, production, sale };
}

describe("stock documents", () => {
  it("creates a document with a number and checks its flow", async () => {
    const { onecode, admin, factory, distributor, retailer } = await stocked();
    const document = await onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
      customFields: [{ title: "车牌", type: "text", content: "浙A12345", showOnScan: true }],
    });
    expect(document).toEqual({
      id: expect.stringMatching(/^sdoc_/),
      tenantId: "acme",
      number: expect.stringMatching(/^SD20260501-[0-9A-Z]{6}$/),
      outboundType: "sale",
      inboundType: null,
      fromEnterpriseId: factory.id,
      toEnterpriseId: distributor.id,
      consumerVisible: false,
      customFields: [{ title: "车牌", type: "text", content: "浙A12345", showOnScan: true }],
      status: "open",
      codeCount: 0,
      createdBy: "acme-staff",
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    const skip = await rejectionOf(
      onecode.distribution.createDocument(admin, {
        outboundType: "sale",
        fromEnterpriseId: factory.id,
        toEnterpriseId: retailer.id,
      }),
    );
    expect(isOneCodeError(skip, "INVALID_FLOW")).toBe(true);
    expect((skip as { details: { rule: string } }).details.rule).toBe("direct_child");
    const missing = await rejectionOf(
      onecode.distribution.createDocument(admin, {
        outboundType: "sale",
        fromEnterpriseId: factory.id,
        toEnterpriseId: "ent_missing",
      }),
    );
    expect((missing as { details: unknown }).details).toMatchObject({ field: "toEnterpriseId" });
    const shape = await rejectionOf(
      onecode.distribution.createDocument(admin, {
        outboundType: "gift" as never,
        consumerVisible: "yes" as never,
      }),
    );
    expect(issuesOf(shape)).toEqual([
      ["outboundType", "one_of"],
      ["consumerVisible", "type"],
    ]);
  });

  it("moves a whole case with its outer code, a middle unit with its middle code", async () => {
    const { onecode, admin, codes, pkg, factory, distributor, sale } = await stocked();
    const document = await sale();
    const outer = await onecode.distribution.scanIntoDocument(admin, document.id, codeOf(codes, 1));
    expect(outer.moved).toBe(7);
    expect(outer.item).toEqual({
      tenantId: "acme",
      documentId: document.id,
      range: { packageId: pkg.id, fromSerial: 1, toSerial: 7 },
      code: codeOf(codes, 1),
      scannedBy: "acme-staff",
      scannedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(outer.document.codeCount).toBe(7);
    const middle = await onecode.distribution.scanIntoDocument(
      admin,
      document.id,
      codeOf(codes, 12),
    );
    expect(middle.moved).toBe(3);
    expect(middle.item.range).toEqual({ packageId: pkg.id, fromSerial: 12, toSerial: 14 });
    expect(middle.document.codeCount).toBe(10);
    const inner = await onecode.distribution.locateCode(admin, codeOf(codes, 13));
    expect(inner.range).toEqual({ packageId: pkg.id, fromSerial: 13, toSerial: 13 });
    expect(inner.holding).toEqual({
      enterpriseId: distributor.id,
      documentId: document.id,
      since: "2026-05-01T08:00:00.000Z",
    });
    expect(inner.steps.map((step) => step.code)).toEqual([codeOf(codes, 8), codeOf(codes, 12)]);
    const stayed = await onecode.distribution.locateCode(admin, codeOf(codes, 9));
    expect(stayed.holding?.enterpriseId).toBe(factory.id);
    const items = await onecode.distribution.listDocumentItems(admin, document.id);
    expect(items.map((item) => item.range.fromSerial)).toEqual([1, 12]);
  });

  it("refuses a bad offset and a bad limit of document items in one error", async () => {
    const { onecode, admin, production } = await stocked();
    const badPage = await rejectionOf(
      onecode.distribution.listDocumentItems(admin, production.id, { offset: -1, limit: 0 }),
    );
    expect(issuesOf(badPage)).toEqual([
      ["offset", "range"],
      ["limit", "range"],
    ]);
  });

  it("moves a two-level case with its outer code", async () => {
    const { onecode, admin, makePackage, factory } = await stocked();
    const { pkg, codes } = await makePackage({
      codeType: "two-level",
      ratio: { innerPerOuter: 5 },
      quantity: 2,
    });
    const document = await onecode.distribution.createDocument(admin, {
      inboundType: "production",
      toEnterpriseId: factory.id,
    });
    const result = await onecode.distribution.scanIntoDocument(
      admin,
      document.id,
      codeOf(codes, 7),
    );
    expect(result.moved).toBe(6);
    expect(result.item.range).toEqual({ packageId: pkg.id, fromSerial: 7, toSerial: 12 });
  });

  it("is all or nothing: a case with one code held elsewhere does not move at all", async () => {
    const { onecode, admin, codes, factory, northern, sale } = await stocked();
    const first = await sale();
    await onecode.distribution.scanIntoDocument(admin, first.id, codeOf(codes, 3));
    const second = await sale(northern.id);
    const error = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, second.id, codeOf(codes, 1)),
    );
    expect(isOneCodeError(error, "HOLDER_MISMATCH")).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({
      mismatched: 1,
      expectedHolder: factory.id,
    });
    for (const serial of [1, 2, 4, 7]) {
      const located = await onecode.distribution.locateCode(admin, codeOf(codes, serial));
      expect(located.holding?.enterpriseId).toBe(factory.id);
    }
    expect((await onecode.distribution.getDocument(admin, second.id)).codeCount).toBe(0);
  });

  it("lets exactly one of two operators scanning the same case at once win", async () => {
    const { onecode, admin, codes, northern, sale, factory, member } = await stocked();
    const [one, two] = [await sale(), await sale(northern.id)];
    const alice = await member(["stock_operator"], [factory.id]);
    const bob = await member(["stock_operator"], [factory.id]);
    const results = await Promise.allSettled([
      onecode.distribution.scanIntoDocument(alice, one.id, codeOf(codes, 8)),
      onecode.distribution.scanIntoDocument(bob, two.id, codeOf(codes, 8)),
      onecode.distribution.scanIntoDocument(alice, one.id, codeOf(codes, 8)),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") {
        expect(isOneCodeError(result.reason, "HOLDER_MISMATCH")).toBe(true);
      }
    }
    const [a, b] = await Promise.all([
      onecode.distribution.getDocument(admin, one.id),
      onecode.distribution.getDocument(admin, two.id),
    ]);
    expect(a.codeCount + b.codeCount).toBe(7);
  });

  it("enters codes once (inbound only), takes them out of circulation, and never lets them back", async () => {
    const { onecode, admin, codes, factory, production } = await stocked();
    const again = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, production.id, codeOf(codes, 2)),
    );
    expect(isOneCodeError(again, "HOLDER_MISMATCH")).toBe(true);
    const destruction = await onecode.distribution.createDocument(admin, {
      outboundType: "destruction",
      fromEnterpriseId: factory.id,
    });
    await onecode.distribution.scanIntoDocument(admin, destruction.id, codeOf(codes, 2));
    const gone = await onecode.distribution.locateCode(admin, codeOf(codes, 3));
    expect(gone.holding).toMatchObject({ enterpriseId: null, documentId: destruction.id });
    const reenter = await onecode.distribution.createDocument(admin, {
      inboundType: "other",
      toEnterpriseId: factory.id,
    });
    const error = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, reenter.id, codeOf(codes, 3)),
    );
    expect(isOneCodeError(error, "HOLDER_MISMATCH")).toBe(true);
  });

  it("returns goods up to the parent", async () => {
    const { onecode, admin, codes, factory, distributor, sale } = await stocked();
    const down = await sale();
    await onecode.distribution.scanIntoDocument(admin, down.id, codeOf(codes, 8));
    const back = await onecode.distribution.createDocument(admin, {
      outboundType: "return",
      inboundType: "return",
      fromEnterpriseId: distributor.id,
      toEnterpriseId: factory.id,
    });
    await onecode.distribution.scanIntoDocument(admin, back.id, codeOf(codes, 9));
    const located = await onecode.distribution.locateCode(admin, codeOf(codes, 10));
    expect(located.holding?.enterpriseId).toBe(factory.id);
    expect(located.steps.map((step) => step.documentId)).toEqual([
      expect.any(String),
      down.id,
      back.id,
    ]);
  });

  it("refuses scans into a closed document and rechecks the flow against the current tree", async () => {
    const { onecode, admin, codes, sale, distributor, northern } = await stocked();
    const document = await sale();
    const closed = await onecode.distribution.closeDocument(admin, document.id);
    expect(closed.status).toBe("closed");
    expect(await onecode.distribution.closeDocument(admin, document.id)).toEqual(closed);
    const error = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, document.id, codeOf(codes, 1)),
    );
    expect(isOneCodeError(error, "INVALID_STATE_TRANSITION")).toBe(true);
    const open = await sale();
    await onecode.distribution.moveEnterprise(admin, distributor.id, northern.id);
    const moved = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, open.id, codeOf(codes, 1)),
    );
    expect(isOneCodeError(moved, "INVALID_FLOW")).toBe(true);
  });

  it("answers NOT_FOUND for unknown codes and VALIDATION_FAILED for malformed ones", async () => {
    const { onecode, admin, sale, codes, pkg } = await stocked();
    const document = await sale();
    const unknown = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, document.id, "NoSuchCode123"),
    );
    expect(isOneCodeError(unknown, "NOT_FOUND")).toBe(true);
    const malformed = await rejectionOf(
      onecode.distribution.scanIntoDocument(admin, document.id, "no such code"),
    );
    expect(issuesOf(malformed)).toEqual([["code", "code_format"]]);
    const url = await onecode.distribution.locateCode(
      admin,
      `https://t.acme.example/c/${codeOf(codes, 1)}`,
    );
    expect(url.range).toEqual({ packageId: pkg.id, fromSerial: 1, toSerial: 7 });
  });
});
