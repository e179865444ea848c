import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import type { OutboxEvent } from "../../kernel/outbox/outbox-event.js";
import { catalogTestKit, issuesOf } from "../catalog-test-kit.js";
import type { SkuConfigurationInput, SkuInput } from "./sku-input.js";

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function withProduct() {
  const kit = catalogTestKit();
  const merchant = await kit.onecode.merchants.create(kit.admin, {
    name: "Acme Apparel",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const product = await kit.onecode.products.create(kit.admin, {
    merchantId: merchant.id,
    name: "Tee",
  });
  const events: OutboxEvent[] = [];
  kit.onecode.outbox.on("sku.stock_low", "test.collect", async (event) => {
    events.push(event);
  });
  const lowStockEvents = async () => {
    await kit.onecode.outbox.dispatch();
    return events.map((event) => event.payload);
  };
  return { ...kit, merchant, product, lowStockEvents };
}

const sku = (spec: Record<string, string>, code: string, extra: Partial<SkuInput> = {}) => ({
  spec,
  code,
  price: 9900,
  stock: 10,
  weightGrams: 250,
  ...extra,
});

/** Colour × size: red/blue × S/M, every combination. */
const teeConfiguration = (): SkuConfigurationInput => ({
  policy: "reserve_on_create",
  dimensions: [
    { name: "colour", values: ["red", "blue"] },
    { name: "size", values: ["S", "M"] },
  ],
  skus: [
    sku({ colour: "red", size: "S" }, "TEE-RED-S"),
    sku({ colour: "red", size: "M" }, "TEE-RED-M", { lowStockThreshold: 3 }),
    sku({ colour: "blue", size: "S" }, "TEE-BLUE-S"),
    sku({ colour: "blue", size: "M" }, "TEE-BLUE-M"),
  ],
});

describe("SKU use cases", () => {
  it("configures a product's dimensions, policy and one SKU per combination, priced in the tenant currency", async () => {
    const { onecode, admin, product } = await withProduct();
    await onecode.tenantSettings.update(admin, { currency: "HKD" });
    const skus = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const configured = await onecode.skus.list(admin, product.id);
    expect(configured.skus).toEqual(skus);
    expect(configured).toMatchObject({
      productId: product.id,
      policy: "reserve_on_create",
      dimensions: teeConfiguration().dimensions,
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(configured.skus.map((s) => [s.code, s.spec, s.price])).toEqual([
      ["TEE-RED-S", { colour: "red", size: "S" }, { amount: 9900, currency: "HKD" }],
      ["TEE-RED-M", { colour: "red", size: "M" }, { amount: 9900, currency: "HKD" }],
      ["TEE-BLUE-S", { colour: "blue", size: "S" }, { amount: 9900, currency: "HKD" }],
      ["TEE-BLUE-M", { colour: "blue", size: "M" }, { amount: 9900, currency: "HKD" }],
    ]);
    const red = configured.skus[1];
    expect(red).toMatchObject({ tenantId: "acme", productId: product.id, stock: 10 });
    expect(red?.lowStockThreshold).toBe(3);
    expect(configured.skus[0]?.lowStockThreshold).toBeNull();
    expect(await onecode.skus.get(admin, red?.id ?? "")).toEqual(red);
  });

  it("gives a product without dimensions one default SKU", async () => {
    const { onecode, admin, merchant, product } = await withProduct();
    const configured = await onecode.skus.configure(admin, product.id, {
      policy: "reserve_on_pay",
      dimensions: [],
      skus: [sku({}, "TEA-250")],
    });
    expect(configured).toMatchObject([{ spec: {}, code: "TEA-250" }]);
    const other = await onecode.products.create(admin, { merchantId: merchant.id, name: "Cup" });
    const none = await rejectionOf(
      onecode.skus.configure(admin, other.id, {
        policy: "reserve_on_pay",
        dimensions: [],
        skus: [],
      }),
    );
    expect(issuesOf(none)).toEqual([["skus", "missing_combination"]]);
    const missingProduct = await rejectionOf(
      onecode.skus.configure(admin, "prd_none", {
        policy: "reserve_on_pay",
        dimensions: [],
        skus: [],
      }),
    );
    expect(isOneCodeError(missingProduct, "NOT_FOUND")).toBe(true);
  });

  it("reports every broken rule of the input at once and writes nothing", async () => {
    const { onecode, admin, product } = await withProduct();
    const error = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        policy: "reserve_later" as never,
        dimensions: [
          { name: "colour", values: ["red", "red"] },
          { name: "colour", values: [] },
          { name: "size", values: ["S"] },
        ],
        skus: [
          sku({ colour: "red", size: "S" }, "A B", { price: 1.5, stock: -1 }),
          sku({ colour: "green" }, "A B", { weightGrams: 2e9 }),
        ],
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["policy", "one_of"],
      ["dimensions.0.values.1", "duplicate_value"],
      ["dimensions.1.name", "duplicate_name"],
      ["dimensions.1.values", "min_items"],
      ["skus.0.code", "no_spaces"],
      ["skus.0.price", "integer"],
      ["skus.0.stock", "range"],
      ["skus.1.code", "no_spaces"],
      ["skus.1.code", "duplicate_code"],
      ["skus.1.weightGrams", "range"],
    ]);
    const fourDimensions = ["a", "b", "c", "d"].map((name) => ({ name, values: [name] }));
    const tooMany = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        policy: "reserve_on_pay",
        dimensions: fourDimensions,
        skus: [sku({ a: "a", b: "b", c: "c", d: "d" }, "ABCD")],
      }),
    );
    expect(issuesOf(tooMany)).toEqual([["dimensions", "max_items"]]);
    const unknown = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        ...teeConfiguration(),
        skus: [
          sku({ colour: "green", size: "S" }, "GREEN"),
          sku({ colour: "red", size: 5 } as never, "FIVE"),
        ],
      }),
    );
    expect(issuesOf(unknown)).toEqual([
      ["skus.0.spec.colour", "unknown_value"],
      ["skus.1.spec.size", "unknown_value"],
    ]);
    expect((await onecode.skus.list(admin, product.id)).skus).toEqual([]);
  });

  it("names each missing, duplicate and unknown combination", async () => {
    const { onecode, admin, product } = await withProduct();
    const input = teeConfiguration();
    const [redS, redM] = input.skus;
    const error = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        ...input,
        skus: [
          redS as SkuInput,
          { ...(redS as SkuInput), code: "OTHER" },
          sku({ colour: "red" }, "NO-SIZE"),
          sku({ colour: "red", size: "M", fit: "slim" }, "EXTRA"),
        ],
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["skus.1.spec", "duplicate_combination"],
      ["skus.2.spec.size", "required"],
      ["skus.3.spec.fit", "unknown_dimension"],
    ]);
    const missing = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        ...input,
        skus: [redS as SkuInput, redM as SkuInput],
      }),
    );
    expect(isOneCodeError(missing, "VALIDATION_FAILED") && missing.details.issues).toEqual([
      {
        field: "skus",
        rule: "missing_combination",
        message: "skus must list a SKU for colour=blue, size=S",
      },
      {
        field: "skus",
        rule: "missing_combination",
        message: "skus must list a SKU for colour=blue, size=M",
      },
    ]);
    const tooMany = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        policy: "reserve_on_pay",
        dimensions: ["a", "b", "c"].map((name) => ({
          name,
          values: Array.from({ length: 9 }, (_, i) => `${name}${i}`),
        })),
        skus: [],
      }),
    );
    expect(issuesOf(tooMany)).toEqual([["dimensions", "max_combinations"]]);
  });

  it("re-configures a product with SKUs only by adding values and their combinations", async () => {
    const { onecode, admin, product } = await withProduct();
    const first = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const dimensions = [
      { name: "colour", values: ["red", "blue", "black"] },
      { name: "size", values: ["S", "M"] },
    ];
    const added = await onecode.skus.configure(admin, product.id, {
      policy: "reserve_on_pay",
      dimensions,
      skus: [
        sku({ colour: "black", size: "S" }, "TEE-BLACK-S"),
        sku({ colour: "black", size: "M" }, "TEE-BLACK-M"),
      ],
    });
    expect(added).toHaveLength(6);
    expect(added.slice(0, 4)).toEqual(first);
    expect(await onecode.skus.list(admin, product.id)).toMatchObject({
      policy: "reserve_on_pay",
      dimensions,
    });

    const again = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        policy: "reserve_on_pay",
        dimensions,
        skus: [sku({ colour: "black", size: "S" }, "TEE-BLACK-S2")],
      }),
    );
    expect(issuesOf(again)).toEqual([["skus.0.spec", "combination_exists"]]);

    const dropped = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        policy: "reserve_on_pay",
        dimensions: [dimensions[0] as never, { name: "size", values: ["M", "L"] }],
        skus: [],
      }),
    );
    expect(isOneCodeError(dropped, "FIELD_IMMUTABLE") && dropped.details).toEqual({
      field: "dimensions.1.values",
      current: '["S","M"]',
    });
    const renamed = await rejectionOf(
      onecode.skus.configure(admin, product.id, {
        policy: "reserve_on_pay",
        dimensions: [{ name: "colour", values: ["red", "blue", "black"] }],
        skus: [],
      }),
    );
    expect(isOneCodeError(renamed, "FIELD_IMMUTABLE") && renamed.details.field).toBe("dimensions");
    expect((await onecode.skus.list(admin, product.id)).skus).toHaveLength(6);
  });

  it("refuses a code another SKU of the tenant has, writing none of the configuration", async () => {
    const { onecode, admin, merchant, product } = await withProduct();
    await onecode.skus.configure(admin, product.id, teeConfiguration());
    const other = await onecode.products.create(admin, { merchantId: merchant.id, name: "Cap" });
    const error = await rejectionOf(
      onecode.skus.configure(admin, other.id, {
        policy: "reserve_on_pay",
        dimensions: [{ name: "colour", values: ["red", "blue"] }],
        skus: [sku({ colour: "red" }, "CAP-RED"), sku({ colour: "blue" }, "TEE-RED-M")],
      }),
    );
    expect(isOneCodeError(error, "SKU_CODE_TAKEN") && error.details).toEqual({
      field: "skus.1.code",
      code: "TEE-RED-M",
    });
    expect(await onecode.skus.list(admin, other.id)).toMatchObject({ policy: null, skus: [] });
    const [redS] = (await onecode.skus.list(admin, product.id)).skus;
    const taken = await rejectionOf(
      onecode.skus.update(admin, redS?.id ?? "", { code: "TEE-RED-M" }),
    );
    expect(isOneCodeError(taken, "SKU_CODE_TAKEN") && taken.details.field).toBe("code");
  });

  it("lets concurrent first configurations of one product create SKUs once", async () => {
    const { onecode, admin, product } = await withProduct();
    const outcomes = await Promise.allSettled(
      [0, 1, 2].map(() => onecode.skus.configure(admin, product.id, teeConfiguration())),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((await onecode.skus.list(admin, product.id)).skus).toHaveLength(4);
  });

  it("updates price, weight, code and threshold; an empty patch writes nothing", async () => {
    const { onecode, admin, clock, product } = await withProduct();
    const [redS] = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const id = redS?.id ?? "";
    clock.advance(60_000);
    const updated = await onecode.skus.update(admin, id, {
      price: 12900,
      weightGrams: 300,
      code: "TEE-RED-S-2",
      lowStockThreshold: 2,
    });
    expect(updated).toEqual({
      ...redS,
      price: { amount: 12900, currency: "CNY" },
      weightGrams: 300,
      code: "TEE-RED-S-2",
      lowStockThreshold: 2,
      updatedAt: "2026-05-01T08:01:00.000Z",
    });
    expect(await onecode.skus.update(admin, id, {})).toEqual(updated);
    expect(issuesOf(await rejectionOf(onecode.skus.update(admin, id, { price: -1 })))).toEqual([
      ["price", "range"],
    ]);
    const missing = await rejectionOf(onecode.skus.update(admin, "sku_none", { price: 1 }));
    expect(isOneCodeError(missing, "NOT_FOUND")).toBe(true);
  });

  it("audits every write in its transaction", async () => {
    const { onecode, admin, product } = await withProduct();
    const skus = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const id = skus[0]?.id ?? "";
    await onecode.skus.update(admin, id, { price: 100 });
    await onecode.skus.setStock(admin, id, 7);
    await onecode.skus.setPolicy(admin, product.id, "reserve_on_pay");
    const { items } = await onecode.audit.list(admin, {}, { limit: 20 });
    const ours = items.filter((entry) => /^catalog\.(sku|product\.sku)/.test(entry.action));
    expect(ours.map((entry) => [entry.action, entry.target.type]).reverse()).toEqual([
      ["catalog.sku.created", "sku"],
      ["catalog.sku.created", "sku"],
      ["catalog.sku.created", "sku"],
      ["catalog.sku.created", "sku"],
      ["catalog.product.sku_settings_updated", "product"],
      ["catalog.sku.updated", "sku"],
      ["catalog.sku.stock_set", "sku"],
      ["catalog.product.sku_settings_updated", "product"],
    ]);
    expect(ours.every((entry) => entry.actor.id === admin.actor.id)).toBe(true);
    const [policy, stock, price] = ours;
    expect(policy?.changes).toEqual({
      policy: { before: "reserve_on_create", after: "reserve_on_pay" },
    });
    expect(stock?.changes).toEqual({ stock: { before: 10, after: 7 } });
    expect(price?.changes).toEqual({
      price: { before: { amount: 9900, currency: "CNY" }, after: { amount: 100, currency: "CNY" } },
    });
    expect(ours.at(-1)?.changes).toMatchObject({
      code: { after: "TEE-RED-S" },
      stock: { after: 10 },
    });
    expect(ours.at(-5)?.changes).toEqual({
      dimensions: { before: null, after: teeConfiguration().dimensions },
      policy: { before: null, after: "reserve_on_create" },
    });
  });

  it("sets the policy of a configured product only", async () => {
    const { onecode, admin, product } = await withProduct();
    const unconfigured = await rejectionOf(
      onecode.skus.setPolicy(admin, product.id, "reserve_on_pay"),
    );
    expect(isOneCodeError(unconfigured, "NOT_FOUND") && unconfigured.details.kind).toBe(
      "sku settings of product",
    );
    await onecode.skus.configure(admin, product.id, teeConfiguration());
    const settings = await onecode.skus.setPolicy(admin, product.id, "reserve_on_pay");
    expect(settings).toMatchObject({ productId: product.id, policy: "reserve_on_pay" });
    expect((await onecode.skus.list(admin, product.id)).policy).toBe("reserve_on_pay");
    expect(
      issuesOf(await rejectionOf(onecode.skus.setPolicy(admin, product.id, "x" as never))),
    ).toEqual([["policy", "one_of"]]);
  });

  it("raises sku.stock_low once per crossing of the threshold by a staff count", async () => {
    const { onecode, admin, product, lowStockEvents } = await withProduct();
    const skus = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const redM = skus[1];
    const id = redM?.id ?? "";
    await onecode.skus.setStock(admin, id, 4); // above 3
    await onecode.skus.setStock(admin, id, 3); // crosses
    await onecode.skus.setStock(admin, id, 1); // still below: no new alert
    await onecode.skus.setStock(admin, id, 8); // back above
    await onecode.skus.setStock(admin, id, 0); // crosses again
    await onecode.skus.setStock(admin, skus[0]?.id ?? "", 0); // no threshold: never
    expect(await lowStockEvents()).toEqual([
      { skuId: id, productId: product.id, code: "TEE-RED-M", stock: 3, threshold: 3 },
      { skuId: id, productId: product.id, code: "TEE-RED-M", stock: 0, threshold: 3 },
    ]);
    expect(issuesOf(await rejectionOf(onecode.skus.setStock(admin, id, 1.5)))).toEqual([
      ["stock", "integer"],
    ]);
  });

  it("checks capabilities: reads need catalog.read, writes catalog.manage", async () => {
    const { onecode, staff, product, admin } = await withProduct();
    const skus = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const id = skus[0]?.id ?? "";
    const inspector = staff("acme", "inspector");
    const nobody = staff("acme");
    expect(await onecode.skus.get(inspector, id)).toEqual(skus[0]);
    const refusals = await Promise.all([
      rejectionOf(onecode.skus.configure(inspector, product.id, teeConfiguration())),
      rejectionOf(onecode.skus.update(inspector, id, { price: 1 })),
      rejectionOf(onecode.skus.setStock(inspector, id, 1)),
      rejectionOf(onecode.skus.setPolicy(inspector, product.id, "reserve_on_pay")),
      rejectionOf(onecode.skus.list(nobody, product.id)),
      rejectionOf(onecode.skus.get(nobody, id)),
    ]);
    expect(refusals.map((error) => isOneCodeError(error, "FORBIDDEN"))).toEqual(
      refusals.map(() => true),
    );
  });

  it("keeps tenants apart", async () => {
    const { onecode, admin, staff, product } = await withProduct();
    const skus = await onecode.skus.configure(admin, product.id, teeConfiguration());
    const globex = staff("globex", "admin");
    const id = skus[0]?.id ?? "";
    const misses = await Promise.all([
      rejectionOf(onecode.skus.get(globex, id)),
      rejectionOf(onecode.skus.list(globex, product.id)),
      rejectionOf(onecode.skus.update(globex, id, { price: 1 })),
      rejectionOf(onecode.skus.setStock(globex, id, 0)),
      rejectionOf(onecode.skus.configure(globex, product.id, teeConfiguration())),
      rejectionOf(onecode.skus.setPolicy(globex, product.id, "reserve_on_pay")),
    ]);
    expect(misses.map((error) => isOneCodeError(error, "NOT_FOUND"))).toEqual(
      misses.map(() => true),
    );
    // Codes are unique per tenant: another tenant may use the same ones.
    const globexMerchant = await onecode.merchants.create(globex, {
      name: "Globex",
      codeSource: "platform",
      urlPrefixes: ["https://t.globex.example/c/"],
    });
    const globexProduct = await onecode.products.create(globex, {
      merchantId: globexMerchant.id,
      name: "Tee",
    });
    const theirs = await onecode.skus.configure(globex, globexProduct.id, teeConfiguration());
    expect(theirs.map((s) => s.code)).toEqual(skus.map((s) => s.code));
    expect((await onecode.skus.get(admin, id)).stock).toBe(10);
  });
});
