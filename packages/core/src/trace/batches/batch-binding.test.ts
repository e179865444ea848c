import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { interceptStorage, rejectionOf } from "../../codes/codes-test-kit.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import { traceTestKit } from "../trace-test-kit.js";

describe("binding code packages to trace batches", () => {
  it("binds succeeded packages, counting their codes on the batch", async () => {
    const { onecode, admin, batch, codePackage } = await traceTestKit();
    const created = await batch();
    const first = await codePackage(40);
    const second = await codePackage(2);
    await onecode.traceBatches.bindPackage(admin, created.id, first.id);
    const bound = await onecode.traceBatches.bindPackage(admin, created.id, second.id);
    expect(bound).toMatchObject({ codeCount: 42, version: 3 });
    expect(await onecode.traceBatches.listPackages(admin, created.id)).toEqual([
      first.id,
      second.id,
    ]);
    const unbound = await onecode.traceBatches.unbindPackage(admin, created.id, first.id);
    expect(unbound).toMatchObject({ codeCount: 2, version: 4 });
    expect(await onecode.traceBatches.listPackages(admin, created.id)).toEqual([second.id]);
  });

  it("names the other batch when a package is bound already", async () => {
    const { onecode, admin, batch, codePackage } = await traceTestKit();
    const [one, two] = [await batch(), await batch()];
    const pkg = await codePackage();
    await onecode.traceBatches.bindPackage(admin, one.id, pkg.id);
    for (const target of [two, one]) {
      expect(
        await rejectionOf(onecode.traceBatches.bindPackage(admin, target.id, pkg.id)),
      ).toMatchObject({
        code: "PACKAGE_ALREADY_BOUND",
        details: { packageId: pkg.id, batchId: one.id },
      });
    }
  });

  it("binds a package to only one of two batches binding it at once", async () => {
    const { onecode, admin, batch, codePackage } = await traceTestKit();
    const [one, two] = [await batch(), await batch()];
    const pkg = await codePackage(7);
    const results = await Promise.allSettled([
      onecode.traceBatches.bindPackage(admin, one.id, pkg.id),
      onecode.traceBatches.bindPackage(admin, two.id, pkg.id),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "PACKAGE_ALREADY_BOUND" });
  });

  it("refuses packages that are missing, unfinished, of another merchant or product", async () => {
    const { onecode, admin, batch, codePackage, product } = await traceTestKit();
    const created = await batch();
    const bind = (packageId: string) =>
      onecode.traceBatches.bindPackage(admin, created.id, packageId);
    expect(await rejectionOf(bind("pkg_00000000000000000000000000"))).toMatchObject({
      code: "NOT_FOUND",
      details: { field: "packageId" },
    });
    const running = await codePackage(10, { status: "validating" });
    expect(await rejectionOf(bind(running.id))).toMatchObject({
      code: "PACKAGE_NOT_READY",
      details: { id: running.id, status: "validating" },
    });
    const otherMerchant = await onecode.merchants.create(admin, {
      name: "Other",
      codeSource: "platform",
      urlPrefixes: ["https://o.example/c/"],
    });
    const foreign = await codePackage(10, { merchantId: otherMerchant.id });
    expect(issuesOf(await rejectionOf(bind(foreign.id)))).toEqual([
      ["packageId", "merchant_mismatch"],
    ]);
    const otherProduct = await onecode.products.create(admin, {
      merchantId: product.merchantId,
      name: "Other product",
    });
    const ofOtherProduct = await codePackage(10, { productId: otherProduct.id });
    expect(issuesOf(await rejectionOf(bind(ofOtherProduct.id)))).toEqual([
      ["packageId", "product_mismatch"],
    ]);
    expect(await onecode.traceBatches.get(admin, created.id)).toEqual(created);
  });

  it("binds and unbinds only while the batch is inactive", async () => {
    const { onecode, admin, boundBatch, codePackage } = await traceTestKit();
    const created = await boundBatch();
    const [bound] = await onecode.traceBatches.listPackages(admin, created.id);
    await onecode.traceBatches.setStatus(admin, created.id, "active");
    const more = await codePackage();
    for (const refused of [
      onecode.traceBatches.bindPackage(admin, created.id, more.id),
      onecode.traceBatches.unbindPackage(admin, created.id, bound as string),
    ]) {
      expect(await rejectionOf(refused)).toMatchObject({
        code: "INVALID_STATE_TRANSITION",
        details: { id: created.id, from: "active", required: "inactive" },
      });
    }
    expect(
      await rejectionOf(onecode.traceBatches.unbindPackage(admin, created.id, more.id)),
    ).toMatchObject({ code: "NOT_FOUND", details: { field: "packageId" } });
  });

  it("counts codes of product-less packages on the batch's product, in the same transaction", async () => {
    const { onecode, admin, batch, codePackage, product } = await traceTestKit();
    const created = await batch();
    const loose = await codePackage(30);
    const named = await codePackage(12, { productId: product.id });
    await onecode.ports.storage.products.adjustBoundCodes("acme", product.id, 12);
    await onecode.traceBatches.bindPackage(admin, created.id, loose.id);
    await onecode.traceBatches.bindPackage(admin, created.id, named.id);
    // The named package was counted when it was made; only the loose one adds here.
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(42);
    await onecode.traceBatches.unbindPackage(admin, created.id, named.id);
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(42);
    await onecode.traceBatches.unbindPackage(admin, created.id, loose.id);
    expect((await onecode.products.get(admin, product.id)).boundCodeCount).toBe(12);
  });

  it("rolls the bind back when the product count cannot change", async () => {
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) => {
      if (repository === "products" && method === "adjustBoundCodes") {
        return Promise.reject(new Error("count write failed"));
      }
      return call();
    });
    const { onecode, admin, batch, codePackage } = await traceTestKit({ storage });
    const created = await batch();
    const pkg = await codePackage(30);
    await expect(onecode.traceBatches.bindPackage(admin, created.id, pkg.id)).rejects.toThrow(
      "count write failed",
    );
    expect(await onecode.traceBatches.get(admin, created.id)).toEqual(created);
    expect(await onecode.traceBatches.listPackages(admin, created.id)).toEqual([]);
  });

  it("keeps a product with a batch, or with codes bound through one, from being deleted", async () => {
    const { onecode, admin, batch, codePackage, product } = await traceTestKit();
    const created = await batch();
    expect(await rejectionOf(onecode.products.delete(admin, product.id))).toMatchObject({
      code: "PRODUCT_HAS_CODES",
      details: { id: product.id, boundCodeCount: 0, codePackageCount: 0, traceBatchCount: 1 },
    });
    const pkg = await codePackage(5);
    await onecode.traceBatches.bindPackage(admin, created.id, pkg.id);
    expect(await rejectionOf(onecode.products.delete(admin, product.id))).toMatchObject({
      code: "PRODUCT_HAS_CODES",
      details: { boundCodeCount: 5, traceBatchCount: 1 },
    });
    await onecode.traceBatches.unbindPackage(admin, created.id, pkg.id);
    await onecode.traceBatches.delete(admin, created.id);
    await onecode.products.delete(admin, product.id);
  });
});
