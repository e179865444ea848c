import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { codesTestKit, interceptStorage, rejectionOf } from "../../codes/codes-test-kit.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import { traceTestKit } from "../../trace/trace-test-kit.js";
import type { TenantContext } from "../tenant.js";

/** Every entry of the tenant, oldest first, as `action target-type:target-id by actor`. */
async function trail(
  onecode: Awaited<ReturnType<typeof traceTestKit>>["onecode"],
  admin: TenantContext,
) {
  const page = await onecode.audit.list(admin, {}, { limit: 200 });
  return page.items
    .map((entry) => `${entry.action} ${entry.target.type}:${entry.target.id} by ${entry.actor.id}`)
    .reverse();
}

describe("the audit trail of use cases", () => {
  it("appends one entry per catalog change, with the actor, action, target and changed fields", async () => {
    const { onecode, admin, merchant, product, clock } = await traceTestKit();
    clock.advance(1000);
    await onecode.merchants.update(admin, merchant.id, { name: "Acme Tea Co." });
    await onecode.products.update(admin, product.id, { specification: "500g" });
    await onecode.products.delete(admin, product.id);
    expect(await trail(onecode, admin)).toEqual([
      `catalog.merchant.created merchant:${merchant.id} by acme-staff`,
      `catalog.product.created product:${product.id} by acme-staff`,
      `catalog.merchant.updated merchant:${merchant.id} by acme-staff`,
      `catalog.product.updated product:${product.id} by acme-staff`,
      `catalog.product.deleted product:${product.id} by acme-staff`,
    ]);
    const [deleted, updated, merchantUpdate] = (await onecode.audit.list(admin)).items;
    expect(merchantUpdate).toMatchObject({
      tenantId: "acme",
      actor: { kind: "staff", id: "acme-staff" },
      at: "2026-05-01T08:00:01.000Z",
      changes: { name: { before: "Acme Tea", after: "Acme Tea Co." } },
    });
    expect(updated?.changes).toEqual({ specification: { before: "250g", after: "500g" } });
    expect(deleted?.changes).toMatchObject({ name: { before: "龙井 Longjing" } });
  });

  it("records trace batch creation, binding and each state change as its own action", async () => {
    const { onecode, admin, batch, codePackage } = await traceTestKit();
    const created = await batch();
    const pkg = await codePackage(40);
    await onecode.traceBatches.bindPackage(admin, created.id, pkg.id);
    await onecode.traceBatches.setStatus(admin, created.id, "active");
    await onecode.traceBatches.setStatus(admin, created.id, "frozen");
    await onecode.traceBatches.setStatus(admin, created.id, "active");
    const page = await onecode.audit.list(admin, { targetId: created.id });
    expect(page.items.map((entry) => entry.action).reverse()).toEqual([
      "trace.batch.created",
      "trace.batch.package_bound",
      "trace.batch.activated",
      "trace.batch.frozen",
      "trace.batch.unfrozen",
    ]);
    expect(page.items[3]?.changes).toMatchObject({
      packageId: { after: pkg.id },
      codeCount: { after: 40 },
    });
    expect(page.items[0]?.changes).toEqual({ status: { before: "frozen", after: "active" } });
  });

  it("summarises a bulk void in one entry with its count, not one per code", async () => {
    const { onecode, admin, codePackage } = await traceTestKit();
    const pkg = await codePackage(500);
    await onecode.codeLifecycle.voidCodes(admin, {
      kind: "void",
      reason: "misprint",
      packageId: pkg.id,
      fromSerial: 1,
      toSerial: 300,
    });
    const page = await onecode.audit.list(admin, { action: "trace.codes.voided" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.changes).toMatchObject({
      packageId: { after: pkg.id },
      codeCount: { after: 300 },
    });
  });

  it("names the admin for a generation job's creation and the system for its completion", async () => {
    const kit = await codesTestKit();
    const { onecode, admin, platform } = kit;
    const rule = await kit.quickRule();
    const pkg = await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 3,
    });
    expect((await onecode.codePackages.waitFor(admin, pkg.id)).status).toBe("succeeded");
    const page = await onecode.audit.list(admin, { targetId: pkg.id });
    expect(
      page.items.map((entry) => [entry.action, entry.actor.kind, entry.actor.id]).reverse(),
    ).toEqual([
      ["codes.package.created", "staff", admin.actor.id],
      ["codes.package.succeeded", "system", "system"],
    ]);
    expect(page.items[0]?.changes).toMatchObject({ codeCount: { after: 3 } });
  });

  it("writes no entry for a change that fails", async () => {
    const { onecode, admin, merchant, batch, codePackage } = await traceTestKit();
    const before = await trail(onecode, admin);
    const one = await batch();
    const pkg = await codePackage();
    await onecode.traceBatches.bindPackage(admin, one.id, pkg.id);
    const two = await batch();
    const afterSetup = await trail(onecode, admin);
    expect(afterSetup).toHaveLength(before.length + 3);
    const failures = await Promise.all([
      rejectionOf(onecode.traceBatches.bindPackage(admin, two.id, pkg.id)),
      rejectionOf(onecode.traceBatches.setStatus(admin, two.id, "frozen")),
      rejectionOf(onecode.products.create(admin, { merchantId: "mch_missing", name: "X" })),
      rejectionOf(onecode.merchants.update(admin, merchant.id, { codeSource: "external" })),
      rejectionOf(onecode.merchants.delete(admin, merchant.id)),
    ]);
    expect(failures.map((error) => (error as { code: string }).code)).toEqual([
      "PACKAGE_ALREADY_BOUND",
      "INVALID_STATE_TRANSITION",
      "NOT_FOUND",
      "FIELD_IMMUTABLE",
      "MERCHANT_HAS_PRODUCTS",
    ]);
    expect(await trail(onecode, admin)).toEqual(afterSetup);
  });

  it("undoes the change when its audit entry cannot be written", async () => {
    let failAudit = false;
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) => {
      if (failAudit && repository === "audit" && method === "append") {
        return Promise.reject(new Error("audit log unavailable"));
      }
      return call();
    });
    const { onecode, admin, merchant } = await traceTestKit({ storage });
    failAudit = true;
    await expect(
      onecode.merchants.update(admin, merchant.id, { name: "Never saved" }),
    ).rejects.toThrow("audit log unavailable");
    expect((await onecode.merchants.get(admin, merchant.id)).name).toBe("Acme Tea");
  });

  it("lets only admins read the log, checks every filter field, and keeps tenants apart", async () => {
    const { onecode, admin, staff } = await traceTestKit();
    const inspector = staff("acme", "inspector");
    expect(await rejectionOf(onecode.audit.list(inspector))).toMatchObject({ code: "FORBIDDEN" });
    const refusal = await rejectionOf(
      onecode.audit.list(admin, {
        actorId: "",
        targetType: "x".repeat(65),
        from: "yesterday",
        to: "2026-05-01",
      }),
    );
    expect(issuesOf(refusal)).toEqual([
      ["actorId", "required"],
      ["targetType", "max_length"],
      ["from", "date_time"],
      ["to", "date_time"],
    ]);
    expect(
      issuesOf(
        await rejectionOf(
          onecode.audit.list(admin, {
            from: "2026-05-02T00:00:00Z",
            to: "2026-05-01T00:00:00+08:00",
          }),
        ),
      ),
    ).toEqual([["to", "after_from"]]);
    expect((await onecode.audit.list(staff("other", "admin"))).items).toEqual([]);
    const first = await onecode.as(admin).audit.list({}, { limit: 1 });
    expect(first.items).toHaveLength(1);
    const second = await onecode.audit.list(admin, {}, { limit: 1, cursor: first.nextCursor });
    expect((second.items[0]?.id ?? "") < (first.items[0]?.id ?? "")).toBe(true);
  });
});
