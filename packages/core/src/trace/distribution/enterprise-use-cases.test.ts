import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { distributionTestKit, rejectionOf } from "./distribution-test-kit.js";

describe("enterprise tree", () => {
  it("creates roots, children (add child) and siblings (add sibling) with their ancestor paths", async () => {
    const { onecode, admin } = await distributionTestKit();
    const root = await onecode.distribution.createEnterprise(admin, {
      name: "  工厂 Factory ",
      address: "杭州市西湖区",
      salesRegion: "CN-ZJ",
      socialCreditCode: "91350100m000100y43",
      gln: " 6901234000016 ",
      customFields: [{ title: "电话", type: "text", content: "0571-1234", showOnScan: false }],
    });
    expect(root).toEqual({
      id: expect.stringMatching(/^ent_/),
      tenantId: "acme",
      parentId: null,
      ancestorIds: [],
      name: "工厂 Factory",
      address: "杭州市西湖区",
      salesRegion: "CN-ZJ",
      socialCreditCode: "91350100M000100Y43",
      gln: "6901234000016",
      customFields: [{ title: "电话", type: "text", content: "0571-1234", showOnScan: false }],
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    const child = await onecode.distribution.createEnterprise(admin, {
      parentId: root.id,
      name: "Distributor",
      salesRegion: "CN-GD",
    });
    expect(child).toMatchObject({
      parentId: root.id,
      ancestorIds: [root.id],
      address: "",
      gln: null,
    });
    const sibling = await onecode.distribution.createSibling(admin, child.id, {
      name: "Sibling",
      salesRegion: "CN-BJ",
    });
    expect(sibling).toMatchObject({ parentId: root.id, ancestorIds: [root.id] });
    const rootSibling = await onecode.distribution.createSibling(admin, root.id, {
      name: "Second root",
      salesRegion: "CN-SH",
    });
    expect(rootSibling).toMatchObject({ parentId: null, ancestorIds: [] });
    const children = await onecode.distribution.listChildren(admin, root.id);
    expect(children.items.map((e) => e.id)).toEqual([sibling.id, child.id]);
    const roots = await onecode.distribution.listChildren(admin, null);
    expect(roots.items.map((e) => e.id)).toEqual([rootSibling.id, root.id]);
  });

  it("names every broken field and rule, including the credit code and GLN check characters", async () => {
    const { onecode, admin } = await distributionTestKit();
    const error = await rejectionOf(
      onecode.distribution.createEnterprise(admin, {
        name: "n".repeat(51),
        address: "a".repeat(201),
        salesRegion: "广东",
        socialCreditCode: "91350100M000100Y44",
        gln: "6901234000017",
        customFields: [{ title: "", type: "text", content: "x", showOnScan: true }],
      }),
    );
    expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
    expect(issuesOf(error)).toEqual([
      ["name", "max_length"],
      ["address", "max_length"],
      ["salesRegion", "sales_region"],
      ["socialCreditCode", "social_credit_code"],
      ["gln", "check_digit"],
      ["customFields.0.title", "required"],
    ]);
    const short = await rejectionOf(
      onecode.distribution.createEnterprise(admin, {
        name: "x",
        salesRegion: "r".repeat(21),
        socialCreditCode: "123",
        gln: "690123400001",
      }),
    );
    expect(issuesOf(short)).toEqual([
      ["salesRegion", "max_length"],
      ["socialCreditCode", "length"],
      ["gln", "length"],
    ]);
    expect(
      issuesOf(await rejectionOf(onecode.distribution.createEnterprise(admin, {} as never))),
    ).toEqual([
      ["name", "required"],
      ["salesRegion", "required"],
    ]);
    expect((await onecode.distribution.listChildren(admin, null)).items).toEqual([]);
  });

  it("refuses a missing parent or sibling with NOT_FOUND naming the field", async () => {
    const { onecode, admin } = await distributionTestKit();
    const missing = await rejectionOf(
      onecode.distribution.createEnterprise(admin, {
        parentId: "ent_x",
        name: "x",
        salesRegion: "X",
      }),
    );
    expect(isOneCodeError(missing, "NOT_FOUND")).toBe(true);
    expect((missing as { details: { field: string } }).details.field).toBe("parentId");
    const sibling = await rejectionOf(
      onecode.distribution.createSibling(admin, "ent_x", { name: "x", salesRegion: "X" }),
    );
    expect((sibling as { details: { field: string } }).details.field).toBe("siblingId");
  });

  it("updates fields and leaves the tree alone", async () => {
    const { onecode, admin, clock, makeTree } = await distributionTestKit();
    const { distributor, factory } = await makeTree();
    clock.advance(1000);
    const updated = await onecode.distribution.updateEnterprise(admin, distributor.id, {
      name: "Renamed",
      socialCreditCode: null,
    });
    expect(updated).toEqual({
      ...distributor,
      name: "Renamed",
      updatedAt: "2026-05-01T08:00:01.000Z",
    });
    expect(await onecode.distribution.updateEnterprise(admin, factory.id, {})).toEqual(factory);
    const invalid = await rejectionOf(
      onecode.distribution.updateEnterprise(admin, factory.id, { salesRegion: "" }),
    );
    expect(issuesOf(invalid)).toEqual([["salesRegion", "required"]]);
  });

  it("moves a subtree, updating every descendant's path, and refuses cycles", async () => {
    const { onecode, admin, makeTree } = await distributionTestKit();
    const { factory, distributor, retailer, northern } = await makeTree();
    const moved = await onecode.distribution.moveEnterprise(admin, distributor.id, northern.id);
    expect(moved).toMatchObject({ parentId: northern.id, ancestorIds: [factory.id, northern.id] });
    expect(await onecode.distribution.getEnterprise(admin, retailer.id)).toMatchObject({
      ancestorIds: [factory.id, northern.id, distributor.id],
    });
    for (const target of [distributor.id, retailer.id]) {
      const cycle = await rejectionOf(
        onecode.distribution.moveEnterprise(admin, distributor.id, target),
      );
      expect(issuesOf(cycle)).toEqual([["newParentId", "no_cycle"]]);
    }
    const root = await onecode.distribution.moveEnterprise(admin, distributor.id, null);
    expect(root).toMatchObject({ parentId: null, ancestorIds: [] });
    expect(await onecode.distribution.getEnterprise(admin, retailer.id)).toMatchObject({
      ancestorIds: [distributor.id],
    });
  });

  it("keeps the tree acyclic when opposite moves race", async () => {
    const { onecode, admin, enterprise } = await distributionTestKit();
    const a = await enterprise({ name: "A" });
    const b = await enterprise({ name: "B" });
    const results = await Promise.allSettled([
      onecode.distribution.moveEnterprise(admin, a.id, b.id),
      onecode.distribution.moveEnterprise(admin, b.id, a.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [aNow, bNow] = await Promise.all([
      onecode.distribution.getEnterprise(admin, a.id),
      onecode.distribution.getEnterprise(admin, b.id),
    ]);
    expect(aNow.ancestorIds.includes(a.id) || bNow.ancestorIds.includes(b.id)).toBe(false);
    expect([aNow.parentId, bNow.parentId].filter((id) => id === null)).toHaveLength(1);
  });

  it("deletes only an empty enterprise: ENTERPRISE_NOT_EMPTY lists children, held codes and documents", async () => {
    const { onecode, admin, makeTree, makePackage } = await distributionTestKit();
    const { factory, distributor, retailer } = await makeTree();
    const busy = await rejectionOf(onecode.distribution.deleteEnterprise(admin, factory.id));
    expect(isOneCodeError(busy, "ENTERPRISE_NOT_EMPTY")).toBe(true);
    expect((busy as { details: unknown }).details).toEqual({
      id: factory.id,
      childCount: 2,
      heldCodeCount: 0,
      documentCount: 0,
    });
    const { codes } = await makePackage({ quantity: 3 });
    const document = await onecode.distribution.createDocument(admin, {
      inboundType: "production",
      toEnterpriseId: retailer.id,
    });
    await onecode.distribution.scanIntoDocument(admin, document.id, codes[0]?.code as string);
    await onecode.distribution.scanIntoDocument(admin, document.id, codes[1]?.code as string);
    const holding = await rejectionOf(onecode.distribution.deleteEnterprise(admin, retailer.id));
    expect((holding as { details: unknown }).details).toEqual({
      id: retailer.id,
      childCount: 0,
      heldCodeCount: 2,
      documentCount: 1,
    });
    const empty = await onecode.distribution.createEnterprise(admin, {
      parentId: distributor.id,
      name: "Empty",
      salesRegion: "CN-GD",
    });
    await onecode.distribution.deleteEnterprise(admin, empty.id);
    expect(
      isOneCodeError(
        await rejectionOf(onecode.distribution.getEnterprise(admin, empty.id)),
        "NOT_FOUND",
      ),
    ).toBe(true);
    expect(
      isOneCodeError(
        await rejectionOf(onecode.distribution.deleteEnterprise(admin, empty.id)),
        "NOT_FOUND",
      ),
    ).toBe(true);
  });

  it("lets only admins write the tree; any staff role reads it", async () => {
    const { onecode, staff, enterprise } = await distributionTestKit();
    const root = await enterprise();
    for (const role of ["stock_operator", "inspector"] as const) {
      const ctx = staff("acme", role);
      const forbidden = [
        onecode.distribution.createEnterprise(ctx, { name: "x", salesRegion: "X" }),
        onecode.distribution.createSibling(ctx, root.id, { name: "x", salesRegion: "X" }),
        onecode.distribution.updateEnterprise(ctx, root.id, { name: "y" }),
        onecode.distribution.moveEnterprise(ctx, root.id, null),
        onecode.distribution.deleteEnterprise(ctx, root.id),
      ];
      for (const attempt of forbidden) {
        expect(isOneCodeError(await rejectionOf(attempt), "FORBIDDEN")).toBe(true);
      }
      expect(await onecode.distribution.getEnterprise(ctx, root.id)).toEqual(root);
    }
  });

  it("never shows one tenant's enterprises to another", async () => {
    const { onecode, staff, enterprise } = await distributionTestKit();
    const root = await enterprise();
    const other = staff("globex", "admin");
    expect(
      isOneCodeError(
        await rejectionOf(onecode.distribution.getEnterprise(other, root.id)),
        "NOT_FOUND",
      ),
    ).toBe(true);
    expect((await onecode.distribution.listChildren(other, null)).items).toEqual([]);
    const child = await rejectionOf(
      onecode.distribution.createEnterprise(other, {
        parentId: root.id,
        name: "x",
        salesRegion: "X",
      }),
    );
    expect(isOneCodeError(child, "NOT_FOUND")).toBe(true);
  });
});
