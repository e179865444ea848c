import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { rejectionOf } from "../codes/codes-test-kit.js";
import type { ActivityBatchInput } from "./activity-batch.js";
import { admin, campaignsTestKit, clerk, otherAdmin } from "./campaigns-test-kit.js";

async function setup() {
  const kit = await campaignsTestKit();
  const { onecode, physical, slot, campaignInput, merchant, product } = kit;
  const cup = await physical(100);
  const campaign = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
  const input = (overrides: Partial<ActivityBatchInput> = {}): ActivityBatchInput => ({
    batchNumber: "AB-001",
    campaignId: campaign.id,
    merchantId: merchant.id,
    productId: product.id,
    remark: "first run",
    ...overrides,
  });
  return { ...kit, cup, campaign, input };
}

describe("activity batches", () => {
  it("creates an inactive batch naming campaign, merchant and product, audited", async () => {
    const { onecode, input, campaign, auditActions } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    expect(batch).toMatchObject({
      batchNumber: "AB-001",
      campaignId: campaign.id,
      status: "inactive",
      packageIds: [],
      codeCount: 0,
      activatedAt: null,
      remark: "first run",
      version: 1,
    });
    expect(batch.id).toMatch(/^acb_/);
    expect(await onecode.activityBatches.get(admin, batch.id)).toEqual(batch);
    expect(await auditActions(batch.id)).toEqual(["campaigns.activity_batch.created"]);
    expect(await rejectionOf(onecode.activityBatches.create(admin, input()))).toMatchObject({
      code: "BATCH_NUMBER_TAKEN",
      details: { field: "batchNumber", batchNumber: "AB-001" },
    });
  });

  it("checks fields and references", async () => {
    const { onecode, input, campaign, merchant, cup, slot, campaignInput } = await setup();
    expect(
      issuesOf(
        await rejectionOf(
          onecode.activityBatches.create(admin, {
            batchNumber: "x".repeat(51),
            remark: "r".repeat(501),
          } as never),
        ),
      ),
    ).toEqual([
      ["batchNumber", "max_length"],
      ["campaignId", "required"],
      ["merchantId", "required"],
      ["productId", "required"],
      ["remark", "max_length"],
    ]);
    for (const field of ["campaignId", "merchantId", "productId"] as const) {
      expect(
        await rejectionOf(onecode.activityBatches.create(admin, input({ [field]: "nope_1" }))),
      ).toMatchObject({ code: "NOT_FOUND", details: { field } });
    }
    const otherMerchant = await onecode.merchants.create(admin, {
      name: "Other",
      codeSource: "platform",
      urlPrefixes: ["https://o.example/c/"],
    });
    const foreignProduct = await onecode.products.create(admin, {
      merchantId: otherMerchant.id,
      name: "Other product",
    });
    expect(
      issuesOf(
        await rejectionOf(
          onecode.activityBatches.create(admin, input({ productId: foreignProduct.id })),
        ),
      ),
    ).toEqual([["productId", "merchant_mismatch"]]);
    expect(merchant.id).not.toBe(otherMerchant.id);
    const ended = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    await onecode.campaigns.publish(admin, ended.id);
    await onecode.campaigns.takeOffline(admin, ended.id);
    expect(
      issuesOf(
        await rejectionOf(onecode.activityBatches.create(admin, input({ campaignId: ended.id }))),
      ),
    ).toEqual([["campaignId", "campaign_offline"]]);
    expect(campaign.status).toBe("draft");
  });

  it("binds finished packages of its merchant, once ever, while inactive", async () => {
    const { onecode, input, codePackage, auditEntries } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    const other = await onecode.activityBatches.create(admin, input({ batchNumber: "AB-002" }));
    const first = await codePackage(40);
    const second = await codePackage(2);
    await onecode.activityBatches.bindPackage(admin, batch.id, first.id);
    const bound = await onecode.activityBatches.bindPackage(admin, batch.id, second.id);
    expect(bound).toMatchObject({ packageIds: [first.id, second.id], codeCount: 42, version: 3 });
    for (const target of [other, batch]) {
      expect(
        await rejectionOf(onecode.activityBatches.bindPackage(admin, target.id, first.id)),
      ).toMatchObject({
        code: "PACKAGE_ALREADY_BOUND",
        details: { packageId: first.id, batchId: batch.id },
      });
    }
    const running = await codePackage(5, { status: "running" });
    expect(
      await rejectionOf(onecode.activityBatches.bindPackage(admin, other.id, running.id)),
    ).toMatchObject({ code: "PACKAGE_NOT_READY", details: { id: running.id, status: "running" } });
    expect(
      await rejectionOf(onecode.activityBatches.bindPackage(admin, other.id, "pkg_missing")),
    ).toMatchObject({ code: "NOT_FOUND", details: { field: "packageId" } });
    const otherMerchant = await onecode.merchants.create(admin, {
      name: "Other",
      codeSource: "platform",
      urlPrefixes: ["https://o.example/c/"],
    });
    const foreign = await codePackage(5, { merchantId: otherMerchant.id });
    expect(
      issuesOf(await rejectionOf(onecode.activityBatches.bindPackage(admin, other.id, foreign.id))),
    ).toEqual([["packageId", "merchant_mismatch"]]);
    const otherProduct = await onecode.products.create(admin, {
      merchantId: batch.merchantId,
      name: "Other product",
    });
    const ofOtherProduct = await codePackage(5, { productId: otherProduct.id });
    expect(
      issuesOf(
        await rejectionOf(onecode.activityBatches.bindPackage(admin, other.id, ofOtherProduct.id)),
      ),
    ).toEqual([["packageId", "product_mismatch"]]);
    const ofProduct = await codePackage(5, { productId: batch.productId });
    expect(
      (await onecode.activityBatches.bindPackage(admin, other.id, ofProduct.id)).codeCount,
    ).toBe(5);
    await onecode.activityBatches.activate(admin, batch.id);
    const late = await codePackage(5);
    expect(
      await rejectionOf(onecode.activityBatches.bindPackage(admin, batch.id, late.id)),
    ).toMatchObject({ code: "INVALID_STATE_TRANSITION", details: { from: "active" } });
    const bindEntries = (await auditEntries()).filter(
      (entry) => entry.action === "campaigns.activity_batch.package_bound",
    );
    expect(bindEntries).toHaveLength(3);
  });

  it("binds a package to only one of two batches binding it at once", async () => {
    const { onecode, input, codePackage } = await setup();
    const one = await onecode.activityBatches.create(admin, input());
    const two = await onecode.activityBatches.create(admin, input({ batchNumber: "AB-002" }));
    const pkg = await codePackage(7);
    const results = await Promise.allSettled([
      onecode.activityBatches.bindPackage(admin, one.id, pkg.id),
      onecode.activityBatches.bindPackage(admin, two.id, pkg.id),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "PACKAGE_ALREADY_BOUND" });
  });

  it("activates with codes only, freezes and reactivates", async () => {
    const { onecode, input, codePackage, clock, auditActions } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    expect(await rejectionOf(onecode.activityBatches.activate(admin, batch.id))).toMatchObject({
      code: "BATCH_HAS_NO_CODES",
      details: { id: batch.id },
    });
    expect(await rejectionOf(onecode.activityBatches.freeze(admin, batch.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "inactive", to: "frozen" },
    });
    await onecode.activityBatches.bindPackage(admin, batch.id, (await codePackage(3)).id);
    const active = await onecode.activityBatches.activate(admin, batch.id);
    expect(active).toMatchObject({ status: "active", activatedAt: "2026-05-01T08:00:00.000Z" });
    clock.advance(60_000);
    expect((await onecode.activityBatches.freeze(admin, batch.id)).status).toBe("frozen");
    const again = await onecode.activityBatches.activate(admin, batch.id);
    expect(again).toMatchObject({ status: "active", activatedAt: "2026-05-01T08:00:00.000Z" });
    expect(await rejectionOf(onecode.activityBatches.activate(admin, batch.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
    });
    expect(await rejectionOf(onecode.activityBatches.delete(admin, batch.id))).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { required: "inactive" },
    });
    expect(await auditActions(batch.id)).toEqual([
      "campaigns.activity_batch.created",
      "campaigns.activity_batch.package_bound",
      "campaigns.activity_batch.activated",
      "campaigns.activity_batch.frozen",
      "campaigns.activity_batch.activated",
    ]);
  });

  it("changes any field while inactive, only the remark afterwards", async () => {
    const { onecode, input, codePackage, physical, slot, campaignInput } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    const cup = await physical(10);
    const second = await onecode.campaigns.create(admin, campaignInput([slot(cup.id)]));
    const moved = await onecode.activityBatches.update(admin, batch.id, {
      batchNumber: "AB-010",
      campaignId: second.id,
    });
    expect(moved).toMatchObject({ batchNumber: "AB-010", campaignId: second.id, version: 2 });
    await onecode.activityBatches.create(admin, input({ batchNumber: "AB-011" }));
    expect(
      await rejectionOf(onecode.activityBatches.update(admin, batch.id, { batchNumber: "AB-011" })),
    ).toMatchObject({ code: "BATCH_NUMBER_TAKEN" });
    expect(
      await rejectionOf(onecode.activityBatches.update(admin, batch.id, { productId: "prd_nope" })),
    ).toMatchObject({ code: "NOT_FOUND", details: { field: "productId" } });
    await onecode.activityBatches.bindPackage(admin, batch.id, (await codePackage(3)).id);
    await onecode.activityBatches.activate(admin, batch.id);
    expect(
      await rejectionOf(onecode.activityBatches.update(admin, batch.id, { campaignId: "cmp_x" })),
    ).toMatchObject({ code: "INVALID_STATE_TRANSITION", details: { from: "active" } });
    const remarked = await onecode.activityBatches.update(admin, batch.id, { remark: "reprint" });
    expect(remarked).toMatchObject({ remark: "reprint", status: "active" });
    const entries = await onecode.audit.list(admin, {
      targetId: batch.id,
      action: "campaigns.activity_batch.updated",
    });
    expect(entries.items[0]?.changes).toEqual({
      remark: { before: "first run", after: "reprint" },
    });
    // Naming the same values it has is no change.
    expect(
      (await onecode.activityBatches.update(admin, batch.id, { batchNumber: "AB-010" })).status,
    ).toBe("active");
  });

  it("copies a batch without its packages", async () => {
    const { onecode, input, codePackage, auditActions } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    await onecode.activityBatches.bindPackage(admin, batch.id, (await codePackage(3)).id);
    await onecode.activityBatches.activate(admin, batch.id);
    const copy = await onecode.activityBatches.copy(admin, batch.id, { batchNumber: "AB-002" });
    expect(copy).toMatchObject({
      batchNumber: "AB-002",
      campaignId: batch.campaignId,
      merchantId: batch.merchantId,
      productId: batch.productId,
      remark: "first run",
      status: "inactive",
      packageIds: [],
      codeCount: 0,
    });
    expect(copy.id).not.toBe(batch.id);
    expect(await auditActions(copy.id)).toEqual(["campaigns.activity_batch.copied"]);
    expect(
      await rejectionOf(onecode.activityBatches.copy(admin, batch.id, { batchNumber: "AB-001" })),
    ).toMatchObject({ code: "BATCH_NUMBER_TAKEN" });
    expect(
      issuesOf(
        await rejectionOf(onecode.activityBatches.copy(admin, batch.id, { batchNumber: "" })),
      ),
    ).toEqual([["batchNumber", "required"]]);
  });

  it("deletes an inactive batch, freeing its packages", async () => {
    const { onecode, input, codePackage } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    const pkg = await codePackage(3);
    await onecode.activityBatches.bindPackage(admin, batch.id, pkg.id);
    await onecode.activityBatches.delete(admin, batch.id);
    expect(await rejectionOf(onecode.activityBatches.get(admin, batch.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    const next = await onecode.activityBatches.create(admin, input());
    expect((await onecode.activityBatches.bindPackage(admin, next.id, pkg.id)).packageIds).toEqual([
      pkg.id,
    ]);
  });

  it("lists with filters, keeps tenants apart and needs the capabilities", async () => {
    const { onecode, input, campaign } = await setup();
    const batch = await onecode.activityBatches.create(admin, input());
    expect((await onecode.activityBatches.list(admin, { campaignId: campaign.id })).items).toEqual([
      batch,
    ]);
    expect((await onecode.activityBatches.list(admin, { status: "active" })).items).toEqual([]);
    expect(
      issuesOf(await rejectionOf(onecode.activityBatches.list(admin, { status: "gone" as never }))),
    ).toEqual([["status", "one_of"]]);
    expect(await rejectionOf(onecode.activityBatches.get(otherAdmin, batch.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await onecode.activityBatches.list(otherAdmin)).items).toEqual([]);
    expect(await rejectionOf(onecode.activityBatches.get(clerk, batch.id))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await rejectionOf(onecode.activityBatches.create(clerk, input({ batchNumber: "Z" }))),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});
