import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { tenantContext } from "../../kernel/tenant.js";
import { distributionTestKit, rejectionOf } from "./distribution-test-kit.js";

async function setup() {
  const kit = await distributionTestKit();
  const tree = await kit.makeTree();
  const { codes } = await kit.makePackage({ quantity: 4 });
  const code = (index: number) => codes[index]?.code as string;
  const entry = await kit.onecode.distribution.createDocument(kit.admin, {
    inboundType: "production",
    toEnterpriseId: tree.factory.id,
  });
  for (let i = 0; i < 4; i++) {
    await kit.onecode.distribution.scanIntoDocument(kit.admin, entry.id, code(i));
  }
  const saleInput = {
    outboundType: "sale" as const,
    fromEnterpriseId: tree.factory.id,
    toEnterpriseId: tree.distributor.id,
  };
  return { ...kit, ...tree, code, saleInput };
}

const forbidden = async (promise: Promise<unknown>) =>
  expect(isOneCodeError(await rejectionOf(promise), "FORBIDDEN")).toBe(true);

describe("distribution roles", () => {
  it("lets a stock operator work documents of their assigned issuing enterprise only", async () => {
    const { onecode, admin, member, factory, distributor, retailer, saleInput, code } =
      await setup();
    const operator = await member(["stock_operator"], [factory.id]);
    const document = await onecode.distribution.createDocument(operator, saleInput);
    const scanned = await onecode.distribution.scanIntoDocument(operator, document.id, code(0));
    expect(scanned.item.scannedBy).toBe(operator.actor.id);
    await onecode.distribution.closeDocument(operator, document.id);

    const elsewhere = await member(["stock_operator"], [retailer.id]);
    await forbidden(onecode.distribution.createDocument(elsewhere, saleInput));
    const adminDocument = await onecode.distribution.createDocument(admin, saleInput);
    await forbidden(onecode.distribution.scanIntoDocument(elsewhere, adminDocument.id, code(1)));
    await forbidden(onecode.distribution.closeDocument(elsewhere, adminDocument.id));

    // Assigned to the receiver only: an outbound document is the issuer's.
    const receiver = await member(["stock_operator"], [distributor.id]);
    await forbidden(onecode.distribution.createDocument(receiver, saleInput));
    await forbidden(onecode.distribution.scanIntoDocument(receiver, adminDocument.id, code(1)));
  });

  it("lets a stock.move grant scoped to enterprises work their documents, without a staff record", async () => {
    const { onecode, admin, factory, retailer, saleInput, code } = await setup();
    const granted = tenantContext("acme", {
      id: "contractor-1",
      kind: "staff",
      grants: [{ capability: "stock.move", scope: { enterprises: [factory.id] } }],
    });
    const document = await onecode.distribution.createDocument(granted, saleInput);
    await onecode.distribution.scanIntoDocument(granted, document.id, code(0));
    const retailerSale = { ...saleInput, fromEnterpriseId: retailer.id };
    const refusal = await rejectionOf(onecode.distribution.createDocument(granted, retailerSale));
    expect(refusal).toMatchObject({
      code: "FORBIDDEN",
      details: {
        actor: "contractor-1",
        capability: "stock.move",
        enterpriseId: retailer.id,
        target: { enterpriseId: retailer.id },
      },
    });
    // The grant moves stock only: reads it was not given stay closed.
    await forbidden(onecode.distribution.getDocument(granted, document.id));
    expect((await onecode.distribution.getDocument(admin, document.id)).codeCount).toBe(1);
  });

  it("narrows a stock operator's assigned enterprises by a scoped role grant", async () => {
    const { onecode, distributor, factory, saleInput, member } = await setup();
    const stored = await member(["inspector"], [factory.id, distributor.id]);
    const narrowed = tenantContext("acme", {
      id: stored.actor.id,
      kind: "staff",
      grants: [{ role: "stock_operator", scope: { enterprises: [distributor.id] } }],
    });
    // Assigned to the factory, but the grant reaches the distributor only.
    await forbidden(onecode.distribution.createDocument(narrowed, saleInput));
    const purchase = { inboundType: "purchase" as const, toEnterpriseId: distributor.id };
    const document = await onecode.distribution.createDocument(narrowed, purchase);
    expect(document.toEnterpriseId).toBe(distributor.id);
  });

  it("refuses consumers every staff operation", async () => {
    const { onecode, saleInput, code } = await setup();
    const consumer = tenantContext("acme", { id: "wx-openid-9", kind: "consumer" });
    await forbidden(onecode.distribution.createDocument(consumer, saleInput));
    await forbidden(onecode.distribution.locateCode(consumer, code(0)));
    await forbidden(onecode.distribution.listInspections(consumer));
  });

  it("lets the receiver's operator work inbound-only documents", async () => {
    const { onecode, member, makePackage, retailer, factory } = await setup();
    const { codes } = await makePackage({ quantity: 1 });
    const input = { inboundType: "purchase" as const, toEnterpriseId: retailer.id };
    const operator = await member(["stock_operator"], [retailer.id]);
    const document = await onecode.distribution.createDocument(operator, input);
    await onecode.distribution.scanIntoDocument(operator, document.id, codes[0]?.code as string);
    const issuerOperator = await member(["stock_operator"], [factory.id]);
    await forbidden(onecode.distribution.createDocument(issuerOperator, input));
  });

  it("refuses an operator without a staff record, and staff of another tenant", async () => {
    const { onecode, staff, saleInput } = await setup();
    await forbidden(
      onecode.distribution.createDocument(staff("acme", "stock_operator"), saleInput),
    );
    await forbidden(onecode.distribution.createDocument(staff("globex", "inspector"), saleInput));
  });

  it("lets inspectors locate codes and file reports but never move stock", async () => {
    const { onecode, admin, member, saleInput, code, factory } = await setup();
    const inspector = await member(["inspector"]);
    await forbidden(onecode.distribution.createDocument(inspector, saleInput));
    const document = await onecode.distribution.createDocument(admin, saleInput);
    await forbidden(onecode.distribution.scanIntoDocument(inspector, document.id, code(0)));
    const located = await onecode.distribution.locateCode(inspector, code(0));
    expect(located.holding?.enterpriseId).toBe(factory.id);
    const report = await onecode.distribution.fileInspection(inspector, {
      code: `https://t.acme.example/c/${code(0)}`,
      region: "CN-BJ",
      note: "在北京超市发现 found in a Beijing shop",
      photos: ["https://img.example/1.jpg"],
    });
    expect(report).toEqual({
      id: expect.stringMatching(/^insp_/),
      tenantId: "acme",
      code: code(0),
      inspectorId: inspector.actor.id,
      region: "CN-BJ",
      note: "在北京超市发现 found in a Beijing shop",
      photos: ["https://img.example/1.jpg"],
      createdAt: "2026-05-01T08:00:00.000Z",
    });
    // A counterfeit code is exactly what gets reported: unknown codes are accepted.
    await onecode.distribution.fileInspection(inspector, { code: "FakeCode0001", note: "fake" });
    const operator = await member(["stock_operator"], [factory.id]);
    await forbidden(onecode.distribution.fileInspection(operator, { code: code(0), note: "x" }));
    await forbidden(onecode.distribution.listInspections(operator));
  });

  it("shows inspectors their own reports and admins every report", async () => {
    const { onecode, admin, member, code } = await setup();
    const first = await member(["inspector"]);
    const second = await member(["inspector"]);
    const a = await onecode.distribution.fileInspection(first, { code: code(0), note: "a" });
    const b = await onecode.distribution.fileInspection(second, { code: code(0), note: "b" });
    const mine = await onecode.distribution.listInspections(first, {
      inspectorId: second.actor.id,
    });
    expect(mine.items).toEqual([a]);
    expect((await onecode.distribution.listInspections(admin)).items).toEqual([b, a]);
    const byInspector = await onecode.distribution.listInspections(admin, {
      inspectorId: second.actor.id,
    });
    expect(byInspector.items).toEqual([b]);
    const byCode = await onecode.distribution.listInspections(admin, { code: code(1) });
    expect(byCode.items).toEqual([]);
  });

  it("checks inspection reports field by field", async () => {
    const { onecode, admin } = await setup();
    const error = await rejectionOf(
      onecode.distribution.fileInspection(admin, {
        code: "bad code",
        region: "北京",
        note: "",
        photos: ["ftp://x"],
      }),
    );
    expect(
      (error as { details: { issues: Array<{ field: string; rule: string }> } }).details.issues.map(
        (issue) => [issue.field, issue.rule],
      ),
    ).toEqual([
      ["code", "code_format"],
      ["region", "sales_region"],
      ["note", "required"],
      ["photos.0", "url"],
    ]);
  });
});
