import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../kernel/errors.js";
import type { NewGenerationInput } from "./code-package.js";
import { codesTestKit, rejectionOf } from "./codes-test-kit.js";

const PRODUCT_GTIN = "6901234567892";
const CASE_GTIN = "16901234567899";
const PALLET = { companyPrefix: "6901234", extensionDigit: 3 };

async function kitWithProduct(gtin: string | null = PRODUCT_GTIN) {
  const kit = await codesTestKit({ codes: { autoRun: false } });
  const rule = await kit.quickRule();
  const product = await kit.onecode.products.create(kit.admin, {
    merchantId: kit.platform.id,
    name: "Tea",
    ...(gtin !== null && { gtin }),
  });
  const job = (input: Partial<NewGenerationInput>): NewGenerationInput => ({
    merchantId: kit.platform.id,
    productId: product.id,
    codeType: "three-level",
    ratio: { middlePerOuter: 2, innerPerOuter: 4 },
    rules: { item: rule.id },
    quantity: 2,
    ...input,
  });
  return { ...kit, product, job };
}

describe("GS1 keys of packaging levels", () => {
  it("stores a case GTIN and reserves one SSCC per pallet code, never the same twice", async () => {
    const { onecode, admin, job } = await kitWithProduct();
    const first = await onecode.codePackages.generate(
      admin,
      job({ packagingKeys: { outer: { sscc: PALLET }, middle: { gtin: CASE_GTIN } } }),
    );
    expect(first.packagingKeys).toEqual({
      outer: { kind: "sscc", ...PALLET, firstReference: 0 },
      middle: { kind: "gtin", gtin: CASE_GTIN },
    });
    const second = await onecode.codePackages.generate(
      admin,
      job({ quantity: 3, packagingKeys: { outer: { sscc: PALLET } } }),
    );
    // The first job's two outer codes took references 0 and 1.
    expect(second.packagingKeys).toEqual({ outer: { kind: "sscc", ...PALLET, firstReference: 2 } });
    expect(await onecode.codePackages.get(admin, second.id)).toEqual(second);
  });

  it("stores the case GTIN of a two-level job", async () => {
    const { onecode, admin, job } = await kitWithProduct();
    const pkg = await onecode.codePackages.generate(
      admin,
      job({
        codeType: "two-level",
        ratio: { innerPerOuter: 4 },
        packagingKeys: { outer: { gtin: CASE_GTIN } },
      }),
    );
    expect(pkg.packagingKeys).toEqual({ outer: { kind: "gtin", gtin: CASE_GTIN } });
  });

  it("names every malformed packaging key with its field and rule", async () => {
    const { onecode, admin, job } = await kitWithProduct();
    const issues = async (input: Partial<NewGenerationInput>) =>
      issuesOf(await rejectionOf(onecode.codePackages.generate(admin, job(input))));
    expect(
      await issues({
        codeType: "single",
        ratio: undefined,
        packagingKeys: { outer: { gtin: CASE_GTIN } },
      }),
    ).toEqual([["packagingKeys", "not_applicable"]]);
    expect(
      await issues({
        codeType: "two-level",
        ratio: { innerPerOuter: 4 },
        packagingKeys: { middle: { gtin: CASE_GTIN } },
      }),
    ).toEqual([["packagingKeys.middle", "not_applicable"]]);
    expect(
      await issues({
        packagingKeys: {
          outer: { gtin: "16901234567898" },
          middle: { sscc: { companyPrefix: "69012", extensionDigit: 10 } },
        },
      }),
    ).toEqual([
      ["packagingKeys.outer.gtin", "gtin"],
      ["packagingKeys.middle.sscc.companyPrefix", "company_prefix"],
      ["packagingKeys.middle.sscc.extensionDigit", "extension_digit"],
    ]);
    expect(
      await issues({
        packagingKeys: {
          outer: { gtin: CASE_GTIN, sscc: PALLET } as never,
          middle: { gtin: CASE_GTIN },
        },
      }),
    ).toEqual([["packagingKeys.outer", "packaging_key"]]);
    expect(
      await issues({ packagingKeys: { outer: { gtin: CASE_GTIN }, middle: { gtin: CASE_GTIN } } }),
    ).toEqual([["packagingKeys.middle.gtin", "distinct"]]);
    // A GTIN of another item is not this item's case.
    expect(await issues({ packagingKeys: { outer: { gtin: "16901234567882" } } })).toEqual([
      ["packagingKeys.outer.gtin", "indicator_variant"],
    ]);
    expect((await onecode.codePackages.list(admin)).items).toEqual([]);
  });

  it("needs a product with a GTIN for a packaging GTIN", async () => {
    const { onecode, admin, job } = await kitWithProduct(null);
    const error = await rejectionOf(
      onecode.codePackages.generate(admin, job({ packagingKeys: { outer: { gtin: CASE_GTIN } } })),
    );
    expect(issuesOf(error)).toEqual([["packagingKeys.outer.gtin", "product_gtin_required"]]);
  });

  it("refuses a job when the prefix has too few SSCC references left, storing nothing", async () => {
    const { onecode, admin, job } = await kitWithProduct();
    const tight = { companyPrefix: "690123456789", extensionDigit: 1 }; // 10,000 references
    const error = await rejectionOf(
      onecode.codePackages.generate(
        admin,
        job({
          codeType: "two-level",
          ratio: { innerPerOuter: 1 },
          quantity: 10_001,
          packagingKeys: { outer: { sscc: tight } },
        }),
      ),
    );
    expect(isOneCodeError(error, "SEQUENCE_EXHAUSTED")).toBe(true);
    expect(error).toMatchObject({
      details: { field: "packagingKeys.outer.sscc", needed: 10_001, remaining: 10_000 },
    });
    expect((await onecode.codePackages.list(admin)).items).toEqual([]);
    const fits = await onecode.codePackages.generate(
      admin,
      job({
        codeType: "two-level",
        ratio: { innerPerOuter: 1 },
        quantity: 10_000,
        packagingKeys: { outer: { sscc: tight } },
      }),
    );
    expect(fits.packagingKeys?.outer).toMatchObject({ firstReference: 0 });
  });
});
