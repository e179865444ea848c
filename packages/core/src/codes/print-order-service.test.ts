import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { codesTestKit } from "./codes-test-kit.js";

const recipient = { name: "王伟", phone: "+86 138-0013-8000", address: "杭州市西湖区 1 号" };

async function withPackages() {
  const kit = await codesTestKit();
  const { onecode, admin, platform } = kit;
  const rule = await kit.quickRule();
  const generate = async (input: object) => {
    const pkg = await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      rules: { item: rule.id },
      ...input,
    } as never);
    return onecode.codePackages.waitFor(admin, pkg.id);
  };
  const threeLevel = await generate({
    codeType: "three-level",
    ratio: { middlePerOuter: 2, innerPerOuter: 20 },
    quantity: 10,
  });
  const single = await generate({ codeType: "single", quantity: 40 });
  return { ...kit, rule, generate, threeLevel, single };
}

describe("print orders", () => {
  it("quote packaging and item codes of several packages", async () => {
    const { onecode, admin, staff, threeLevel, single } = await withPackages();
    const quote = await onecode.printOrders.quote(staff("acme", "inspector"), {
      packageIds: [threeLevel.id, single.id],
      finish: "scratch",
    });
    expect(quote).toEqual({
      packagingCodes: 30,
      itemCodes: 240,
      packagingPrice: { amount: 360, currency: "CNY" },
      itemPrice: { amount: 300_000, currency: "CNY" },
      itemTier: { from: 0, below: 30_000, flat: 300_000 },
      total: { amount: 300_360, currency: "CNY" },
    });
    const order = await onecode.printOrders.create(admin, {
      packageIds: [threeLevel.id, single.id],
      finish: "scratch",
      recipient,
    });
    expect(order).toEqual({
      id: expect.stringMatching(/^print_/),
      tenantId: "acme",
      packageIds: [threeLevel.id, single.id],
      finish: "scratch",
      recipient,
      quote,
      status: "pending",
      trackingNumber: null,
      courier: null,
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(await onecode.printOrders.get(admin, order.id)).toEqual(order);
    expect((await onecode.printOrders.list(admin, { status: "pending" })).items).toEqual([order]);
    expect((await onecode.printOrders.list(admin, { status: "shipped" })).items).toEqual([]);
  });

  it("move pending → printing → shipped with a tracking number, and nowhere else", async () => {
    const { onecode, admin, clock, single } = await withPackages();
    const order = await onecode.printOrders.create(admin, {
      packageIds: [single.id],
      finish: "plain",
      recipient,
    });
    await expect(
      onecode.printOrders.advance(admin, order.id, { to: "shipped", trackingNumber: "SF1" }),
    ).rejects.toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { id: order.id, from: "pending", to: "shipped" },
    });
    clock.advance(1000);
    const printing = await onecode.printOrders.advance(admin, order.id, { to: "printing" });
    expect(printing).toEqual({
      ...order,
      status: "printing",
      updatedAt: "2026-05-01T08:00:01.000Z",
    });
    const missing = await onecode.printOrders
      .advance(admin, order.id, { to: "shipped" } as never)
      .catch((error: unknown) => error);
    expect(issuesOf(missing)).toEqual([["trackingNumber", "required"]]);
    const shipped = await onecode.printOrders.advance(admin, order.id, {
      to: "shipped",
      trackingNumber: " SF1234567890 ",
      courier: "SF Express",
    });
    expect(shipped).toMatchObject({
      status: "shipped",
      trackingNumber: "SF1234567890",
      courier: "SF Express",
      quote: order.quote,
      recipient,
    });
    await expect(
      onecode.printOrders.advance(admin, order.id, { to: "printing" }),
    ).rejects.toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "shipped", to: "printing" },
    });
    const back = await onecode.printOrders
      .advance(admin, order.id, { to: "pending" } as never)
      .catch((error: unknown) => error);
    expect(issuesOf(back)).toEqual([["to", "one_of"]]);
  });

  it("let exactly one of many parallel moves win", async () => {
    const { onecode, admin, single } = await withPackages();
    const order = await onecode.printOrders.create(admin, {
      packageIds: [single.id],
      finish: "plain",
      recipient,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        onecode.printOrders.advance(admin, order.id, { to: "printing" }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: "INVALID_STATE_TRANSITION",
      });
    }
  });

  it("only print succeeded packages with serial numbers", async () => {
    const kit = await withPackages();
    const { onecode, admin, platform, external, single } = kit;
    const noSerials = await onecode.codeRules.createQuick(admin, {
      merchantId: platform.id,
      charset: "digits",
      length: 20,
      serials: false,
    });
    const plain = await kit.generate({
      codeType: "single",
      quantity: 1,
      rules: { item: noSerials.id },
    });
    await expect(
      onecode.printOrders.quote(admin, { packageIds: [single.id, plain.id], finish: "plain" }),
    ).rejects.toMatchObject({
      code: "PRINT_REQUIRES_SERIALS",
      details: { id: plain.id, field: "packageIds.1" },
    });
    const uploaded = await onecode.codePackages.upload(admin, {
      merchantId: external.id,
      fileName: "u.txt",
      lines: ["https://own.example/q/U1"],
    });
    await expect(
      onecode.printOrders.quote(admin, { packageIds: [uploaded.id], finish: "plain" }),
    ).rejects.toMatchObject({ code: "PRINT_REQUIRES_SERIALS" });
    const queued = await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      codeType: "single",
      rules: { item: kit.rule.id },
      quantity: 1,
    });
    await expect(
      onecode.printOrders.create(admin, { packageIds: [queued.id], finish: "plain", recipient }),
    ).rejects.toMatchObject({
      code: "PACKAGE_NOT_READY",
      details: { id: queued.id, status: "queued" },
    });
    await onecode.codePackages.waitFor(admin, queued.id);
    expect((await onecode.printOrders.list(admin)).items).toEqual([]);
  });

  it("check packages, finish and recipient, reporting every issue", async () => {
    const { onecode, admin, single } = await withPackages();
    const error = await onecode.printOrders
      .create(admin, {
        packageIds: [single.id, single.id],
        finish: "gold" as never,
        recipient: { name: "", phone: "call me", address: "x".repeat(201) },
      })
      .catch((e: unknown) => e);
    expect(issuesOf(error)).toEqual([
      ["packageIds", "unique"],
      ["finish", "one_of"],
      ["recipient.name", "required"],
      ["recipient.phone", "phone"],
      ["recipient.address", "max_length"],
    ]);
    const phones = async (phone: string) =>
      issuesOf(
        await onecode.printOrders
          .create(admin, {
            packageIds: [single.id],
            finish: "plain",
            recipient: { ...recipient, phone },
          })
          .catch((e: unknown) => e),
      );
    expect(await phones("1234")).toEqual([["recipient.phone", "min_length"]]);
    expect(await phones("1".repeat(21))).toEqual([["recipient.phone", "max_length"]]);
    expect(await phones("+1 - 23 -")).toEqual([["recipient.phone", "phone"]]);
    const none = await onecode.printOrders
      .quote(admin, { packageIds: [], finish: "plain" })
      .catch((e: unknown) => e);
    expect(issuesOf(none)).toEqual([["packageIds", "min_items"]]);
    const many = await onecode.printOrders
      .quote(admin, {
        packageIds: Array.from({ length: 51 }, (_, i) => `pkg_${i}`),
        finish: "plain",
      })
      .catch((e: unknown) => e);
    expect(issuesOf(many)).toEqual([["packageIds", "max_items"]]);
  });

  it("need admin to create and advance, and keep tenants apart", async () => {
    const { onecode, admin, staff, single } = await withPackages();
    const operator = staff("acme", "stock_operator");
    const input = { packageIds: [single.id], finish: "plain" as const, recipient };
    await expect(onecode.printOrders.create(operator, input)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const order = await onecode.printOrders.create(admin, input);
    await expect(
      onecode.printOrders.advance(operator, order.id, { to: "printing" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await onecode.printOrders.get(operator, order.id)).toEqual(order);

    const other = staff("globex", "admin");
    await expect(onecode.printOrders.get(other, order.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      onecode.printOrders.advance(other, order.id, { to: "printing" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(onecode.printOrders.create(other, input)).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: { field: "packageIds.0" },
    });
    expect((await onecode.printOrders.list(other)).items).toEqual([]);
    expect((await onecode.printOrders.get(admin, order.id)).status).toBe("pending");
  });
});
