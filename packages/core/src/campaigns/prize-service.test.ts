import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { rejectionOf } from "../codes/codes-test-kit.js";
import { admin, campaignsTestKit, clerk, otherAdmin } from "./campaigns-test-kit.js";

const CDK_FILE = "KEY-1\r\n\r\nKEY-2\n  KEY-1  \nKEY-3\n   \n";

describe("prize stocks", () => {
  it("creates a physical prize and audits it", async () => {
    const { onecode, auditActions } = await campaignsTestKit();
    const { prize, cdkImport } = await onecode.prizes.create(admin, {
      name: "  Tea cup ",
      kind: "physical",
      totalStock: 50,
      coverImage: "https://img.example/cup.png",
      redirectUrl: "https://shop.example/after",
    });
    expect(cdkImport).toBeNull();
    expect(prize).toMatchObject({
      name: "Tea cup",
      kind: "physical",
      totalStock: 50,
      allocated: 0,
      funds: null,
      cashAmount: null,
      points: null,
      couponId: null,
      purchase: null,
      redirectUrl: "https://shop.example/after",
      version: 1,
    });
    expect(prize.id).toMatch(/^prz_/);
    expect(await onecode.prizes.get(admin, prize.id)).toEqual(prize);
    expect(await auditActions(prize.id)).toEqual(["campaigns.prize.created"]);
  });

  it("names every broken rule, field by field", async () => {
    const { onecode } = await campaignsTestKit();
    const error = await rejectionOf(
      onecode.prizes.create(admin, {
        name: "x".repeat(61),
        description: "d".repeat(2001),
        kind: "physical",
        totalStock: 0,
        redirectUrl: "shop.example/after",
        coverImage: "ftp://img.example/a.png",
        cashAmount: 100,
        cdkText: "A",
      }),
    );
    expect(issuesOf(error)).toEqual(
      expect.arrayContaining([
        ["name", "max_length"],
        ["description", "max_length"],
        ["redirectUrl", "url"],
        ["coverImage", "url"],
        ["totalStock", "range"],
        ["cashAmount", "not_allowed"],
        ["cdkText", "not_allowed"],
      ]),
    );
    expect(
      issuesOf(
        await rejectionOf(onecode.prizes.create(admin, { name: "P", kind: "points" } as never)),
      ),
    ).toEqual(
      expect.arrayContaining([
        ["totalStock", "range"],
        ["points", "range"],
      ]),
    );
    expect(
      issuesOf(
        await rejectionOf(
          onecode.prizes.create(admin, { name: "R", kind: "cash_red_packet", totalStock: 5 }),
        ),
      ),
    ).toEqual([["cashAmount", "range"]]);
    expect(
      issuesOf(
        await rejectionOf(
          onecode.prizes.create(admin, {
            name: "R",
            kind: "cash_red_packet",
            totalStock: 5,
            cashAmount: 100,
            purchase: { unitCost: 10, supplier: "s" },
          }),
        ),
      ),
    ).toEqual([["purchase", "not_allowed"]]);
    expect(
      issuesOf(
        await rejectionOf(
          onecode.prizes.create(admin, { name: "C", kind: "cdk", totalStock: 3, cdkText: "A" }),
        ),
      ),
    ).toEqual([["totalStock", "not_allowed"]]);
    expect(
      issuesOf(
        await rejectionOf(onecode.prizes.create(admin, { name: "K", kind: "bogus" } as never)),
      ),
    ).toEqual(expect.arrayContaining([["kind", "one_of"]]));
  });

  it("imports CDK keys in file order, reporting blank and repeated lines", async () => {
    const { onecode, storage, auditEntries } = await campaignsTestKit();
    const { prize, cdkImport } = await onecode.prizes.create(admin, {
      name: "Video month",
      kind: "cdk",
      cdkText: CDK_FILE,
    });
    expect(prize.totalStock).toBe(3);
    expect(cdkImport).toEqual({
      imported: 3,
      blankLines: [2, 6],
      duplicateLines: [{ line: 4, firstLine: 1 }],
    });
    const more = await onecode.prizes.importCdk(admin, prize.id, "KEY-4\nKEY-2\nKEY-5\nKEY-4");
    expect(more.cdkImport).toEqual({
      imported: 2,
      blankLines: [],
      duplicateLines: [
        { line: 2, firstLine: null },
        { line: 4, firstLine: 1 },
      ],
    });
    expect(more.prize.totalStock).toBe(5);
    // Keys go out in import order.
    const taken: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      taken.push(
        await storage.prizes.takeCdkKey("acme", prize.id, `drw_${i}`, "2026-05-02T00:00:00Z"),
      );
    }
    expect(taken).toEqual(["KEY-1", "KEY-2", "KEY-3", "KEY-4", "KEY-5", null]);
    // No key appears in the audit log or the listings.
    const logged = JSON.stringify(await auditEntries());
    expect(logged).not.toMatch(/KEY-/);
    expect(JSON.stringify(await onecode.prizes.list(admin))).not.toMatch(/KEY-/);
    expect(
      (await auditEntries()).map((entry) => entry.action).filter((a) => a.startsWith("campaigns")),
    ).toEqual(["campaigns.prize.cdk_imported", "campaigns.prize.created"]);
  });

  it("refuses a key file without keys, or with keys too long, never quoting a key", async () => {
    const { onecode } = await campaignsTestKit();
    expect(
      issuesOf(
        await rejectionOf(
          onecode.prizes.create(admin, { name: "C", kind: "cdk", cdkText: "\n \r\n" }),
        ),
      ),
    ).toEqual([["cdkText", "no_keys"]]);
    expect(
      issuesOf(await rejectionOf(onecode.prizes.create(admin, { name: "C", kind: "cdk" }))),
    ).toEqual([["cdkText", "required"]]);
    const secret = `SECRET${"x".repeat(200)}`;
    const error = await rejectionOf(
      onecode.prizes.create(admin, { name: "C", kind: "cdk", cdkText: `OK\n${secret}` }),
    );
    expect(issuesOf(error)).toEqual([["cdkText", "key_max_length"]]);
    expect(JSON.stringify(error)).not.toMatch(/SECRET/);
    expect((error as Error).message).not.toMatch(/SECRET/);
  });

  it("imports keys only into own CDK prizes", async () => {
    const { onecode, physical } = await campaignsTestKit();
    const cup = await physical();
    expect(await rejectionOf(onecode.prizes.importCdk(admin, cup.id, "A"))).toMatchObject({
      code: "PRIZE_KIND_MISMATCH",
      details: { prizeId: cup.id, kind: "physical", required: "cdk" },
    });
    expect(await rejectionOf(onecode.prizes.importCdk(admin, "prz_missing", "A"))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("freezes a cash red packet's money before storing it", async () => {
    const { onecode, payment } = await campaignsTestKit();
    const { prize } = await onecode.prizes.create(admin, {
      name: "Red packet",
      kind: "cash_red_packet",
      totalStock: 20,
      cashAmount: 888,
    });
    const freezes = payment.records.filter((record) => record.kind === "freeze");
    expect(freezes).toHaveLength(1);
    expect(freezes[0]).toMatchObject({
      idempotencyKey: `prize:${prize.id}:freeze`,
      amount: { amount: 17_760, currency: "CNY" },
      status: "succeeded",
    });
    expect(prize.funds).toEqual({
      holdId: freezes[0]?.id,
      status: "frozen",
      frozen: 17_760,
      settled: 0,
      released: 0,
    });
    expect(prize.cashAmount).toBe(888);
  });

  it("freezes a purchased prize's cost", async () => {
    const { onecode, payment } = await campaignsTestKit();
    const { prize } = await onecode.prizes.create(admin, {
      name: "Bought cup",
      kind: "physical",
      totalStock: 10,
      purchase: { unitCost: 1500, supplier: "supplier-1" },
    });
    expect(prize.funds).toMatchObject({ status: "frozen", frozen: 15_000 });
    expect(payment.records.filter((record) => record.kind === "freeze")).toHaveLength(1);
  });

  it("stores nothing when the provider refuses the freeze", async () => {
    const { onecode, payment, auditEntries } = await campaignsTestKit();
    payment.failNext("freeze", "INSUFFICIENT_BALANCE");
    const error = await rejectionOf(
      onecode.prizes.create(admin, {
        name: "Red packet",
        kind: "cash_red_packet",
        totalStock: 2,
        cashAmount: 100,
      }),
    );
    expect(error).toMatchObject({
      code: "PRIZE_FUNDS_NOT_FROZEN",
      details: { failureCode: "INSUFFICIENT_BALANCE" },
    });
    expect((await onecode.prizes.list(admin)).items).toEqual([]);
    expect((await auditEntries()).filter((entry) => entry.action.startsWith("campaigns"))).toEqual(
      [],
    );
  });

  it("stores a prize whose freeze is pending with pending funds", async () => {
    const { onecode, payment } = await campaignsTestKit();
    payment.pendingNext("freeze", "succeeded");
    const { prize } = await onecode.prizes.create(admin, {
      name: "Red packet",
      kind: "cash_red_packet",
      totalStock: 2,
      cashAmount: 100,
    });
    expect(prize.funds).toEqual({
      holdId: null,
      status: "pending",
      frozen: 200,
      settled: 0,
      released: 0,
    });
  });

  it("gives a coupon prize only a published coupon", async () => {
    const { onecode } = await campaignsTestKit();
    const coupon = await onecode.coupons.create(admin, {
      kind: "normal",
      name: "2.00 off",
      codePrefix: "SP",
      quantity: 3,
      value: { kind: "fixed", amount: 200 },
      validFrom: "2026-05-01T00:00:00Z",
      validUntil: "2026-06-01T00:00:00Z",
    } as never);
    const input = { name: "Coupon", kind: "coupon" as const, totalStock: 3, couponId: coupon.id };
    expect(await rejectionOf(onecode.prizes.create(admin, input))).toMatchObject({
      code: "COUPON_STATE",
      details: { couponId: coupon.id, status: "draft" },
    });
    expect(
      await rejectionOf(onecode.prizes.create(admin, { ...input, couponId: "cpn_missing" })),
    ).toMatchObject({ code: "NOT_FOUND", details: { field: "couponId" } });
    await onecode.coupons.publish(admin, coupon.id);
    const { prize } = await onecode.prizes.create(admin, input);
    expect(prize).toMatchObject({ kind: "coupon", couponId: coupon.id, totalStock: 3 });
  });

  it("changes presentation only, audited with before and after", async () => {
    const { onecode, physical, auditEntries } = await campaignsTestKit();
    const cup = await physical();
    const changed = await onecode.prizes.update(admin, cup.id, {
      name: "Big cup",
      redirectUrl: null,
    });
    expect(changed).toMatchObject({ name: "Big cup", version: 2, totalStock: 100 });
    const entry = (await auditEntries()).find((e) => e.action === "campaigns.prize.updated");
    expect(entry?.changes).toEqual({ name: { before: "Tea cup", after: "Big cup" } });
    expect(
      issuesOf(await rejectionOf(onecode.prizes.update(admin, cup.id, { totalStock: 5 } as never))),
    ).toEqual([["totalStock", "not_allowed"]]);
    expect(
      issuesOf(
        await rejectionOf(onecode.prizes.update(admin, cup.id, { redirectUrl: "www.x.cn" })),
      ),
    ).toEqual([["redirectUrl", "url"]]);
  });

  it("adds stock to unfunded non-CDK prizes only", async () => {
    const { onecode, physical } = await campaignsTestKit();
    const cup = await physical(10);
    expect(await onecode.prizes.addStock(admin, cup.id, 5)).toMatchObject({ totalStock: 15 });
    const packet = await onecode.prizes.create(admin, {
      name: "Red",
      kind: "cash_red_packet",
      totalStock: 1,
      cashAmount: 100,
    });
    expect(await rejectionOf(onecode.prizes.addStock(admin, packet.prize.id, 5))).toMatchObject({
      code: "PRIZE_KIND_MISMATCH",
    });
    const keys = await onecode.prizes.create(admin, { name: "K", kind: "cdk", cdkText: "A" });
    expect(await rejectionOf(onecode.prizes.addStock(admin, keys.prize.id, 5))).toMatchObject({
      code: "PRIZE_KIND_MISMATCH",
      details: { kind: "cdk" },
    });
    expect(issuesOf(await rejectionOf(onecode.prizes.addStock(admin, cup.id, 0)))).toEqual([
      ["units", "range"],
    ]);
  });

  it("lists sub-stocks: each campaign slot using the prize, with wins", async () => {
    const { onecode, physical, slot, campaignInput, storedDraw } = await campaignsTestKit();
    const cup = await physical(100);
    const other = await physical(100);
    const one = await onecode.campaigns.create(
      admin,
      campaignInput([
        slot(cup.id, { allocation: 10 }),
        slot(other.id),
        slot(cup.id, { allocation: 5 }),
      ]),
    );
    await storedDraw({ campaignId: one.id, slot: 2, prizeId: cup.id });
    expect(await onecode.prizes.subStocks(admin, cup.id)).toEqual([
      { campaignId: one.id, campaignTitle: "Spring scratch", slot: 0, allocated: 10, won: 0 },
      { campaignId: one.id, campaignTitle: "Spring scratch", slot: 2, allocated: 5, won: 1 },
    ]);
    expect((await onecode.prizes.get(admin, cup.id)).allocated).toBe(15);
  });

  it("keeps tenants apart and needs the campaign capabilities", async () => {
    const { onecode, physical } = await campaignsTestKit();
    const cup = await physical();
    expect(await rejectionOf(onecode.prizes.get(otherAdmin, cup.id))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await onecode.prizes.list(otherAdmin)).items).toEqual([]);
    expect(await rejectionOf(onecode.prizes.get(clerk, cup.id))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      await rejectionOf(
        onecode.prizes.create(clerk, { name: "X", kind: "physical", totalStock: 1 }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  it("lists by kind", async () => {
    const { onecode, physical } = await campaignsTestKit();
    await physical();
    await onecode.prizes.create(admin, { name: "P", kind: "points", totalStock: 5, points: 10 });
    const points = await onecode.prizes.list(admin, { kind: "points" });
    expect(points.items.map((prize) => prize.kind)).toEqual(["points"]);
    expect(issuesOf(await rejectionOf(onecode.prizes.list(admin, { kind: "x" as never })))).toEqual(
      [["kind", "one_of"]],
    );
  });
});
