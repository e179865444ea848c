import { describe, expect, expectTypeOf, it } from "vitest";
import type { BoundService } from "./bound-context.js";
import type { MerchantService } from "./catalog/merchant-service.js";
import { createOneCode } from "./create-one-code.js";
import { isOneCodeError } from "./kernel/errors.js";
import { tenantContext } from "./kernel/tenant.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const input = { name: "Acme", codeSource: "platform", urlPrefixes: ["https://a.example/c/"] };

describe("onecode.as(ctx)", () => {
  it("runs each use case with the bound tenant and actor, like the explicit form", async () => {
    const onecode = createOneCode();
    const acme = onecode.as(admin);
    const merchant = await acme.merchants.create({ ...input, codeSource: "platform" });
    expect(await onecode.merchants.get(admin, merchant.id)).toEqual(merchant);
    expect((await acme.merchants.list()).items).toEqual([merchant]);
    const rule = await acme.codeRules.createQuick({
      merchantId: merchant.id,
      charset: "mixed",
      length: 24,
      serials: true,
    });
    expect(await onecode.codeRules.get(admin, rule.id)).toEqual(rule);
    const other = onecode.as(tenantContext("other", admin.actor));
    await expect(other.merchants.get(merchant.id)).rejects.toSatisfy((error) =>
      isOneCodeError(error, "NOT_FOUND"),
    );
    await onecode.close();
  });

  it("checks the bound actor's roles", async () => {
    const onecode = createOneCode();
    const viewer = onecode.as(tenantContext("acme", { id: "v", kind: "staff", roles: [] }));
    await expect(viewer.merchants.create({ ...input, codeSource: "platform" })).rejects.toSatisfy(
      (error) => isOneCodeError(error, "FORBIDDEN") && error.details.actor === "v",
    );
    await onecode.close();
  });

  it("leaves out the methods that take no context", () => {
    const onecode = createOneCode();
    const acme = onecode.as(admin);
    expect(acme.scans).not.toHaveProperty("scan");
    expect(acme.scans).toHaveProperty("listAlerts");
    expect(acme.codePackages).not.toHaveProperty("resumeUnfinished");
    expect(acme.seals).not.toHaveProperty("anchorPending");
    expect(acme.timers).not.toHaveProperty("register");
    expect(acme.timers).not.toHaveProperty("runDue");
    expect(acme.timers).toHaveProperty("schedule");
    expect(Object.keys(acme)).toEqual(
      Object.keys(onecode).filter((key) => !["ports", "close", "as"].includes(key)),
    );
  });

  it("is typed from the services, without their context parameter", () => {
    expectTypeOf<BoundService<MerchantService>["get"]>().toEqualTypeOf<
      (id: string) => ReturnType<MerchantService["get"]>
    >();
    const acme = createOneCode().as(admin);
    expectTypeOf(acme.merchants.get).parameters.toEqualTypeOf<[id: string]>();
    expectTypeOf(acme.scans).not.toHaveProperty("scan");
  });
});
