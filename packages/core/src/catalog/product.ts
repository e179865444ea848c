import { InputCheck } from "../kernel/input-check.js";
import { isValidGtin } from "./gtin.js";

/** A product (商品) of a merchant. Codes are bound to it through batches and jobs. */
export interface Product {
  readonly id: string;
  readonly tenantId: string;
  /** Fixed at creation. */
  readonly merchantId: string;
  readonly name: string;
  /** Up to 6 image URLs, in display order. */
  readonly images: readonly string[];
  /** e.g. `500g/bottle`. */
  readonly specification: string;
  readonly description: string;
  /** GS1 GTIN-8/12/13/14 with a valid check digit, unique within the tenant; `null` when none. */
  readonly gtin: string | null;
  /** How many codes are bound to the product; while above zero it cannot be deleted. */
  readonly boundCodeCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `products.create`. */
export interface NewProductInput {
  readonly merchantId: string;
  /** 1-100 characters. */
  readonly name: string;
  /** Up to 6 absolute http(s) URLs. */
  readonly images?: readonly string[];
  /** Up to 100 characters. */
  readonly specification?: string;
  /** Up to 5,000 characters. */
  readonly description?: string;
  readonly gtin?: string | null;
}

/** Input of `products.update`: only the listed fields change. */
export interface ProductPatchInput {
  readonly name?: string;
  readonly images?: readonly string[];
  readonly specification?: string;
  readonly description?: string;
  readonly gtin?: string | null;
  /** Accepted only when equal to the current value: the merchant never changes. */
  readonly merchantId?: string;
}

export const PRODUCT_LIMITS = Object.freeze({
  nameMax: 100,
  imagesMax: 6,
  specificationMax: 100,
  descriptionMax: 5000,
});

/** The editable fields of a product after validation. */
export type ProductFields = Pick<
  Product,
  "name" | "images" | "specification" | "description" | "gtin"
>;

function checkGtin(check: InputCheck, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || !isValidGtin(value)) {
    check.fail(
      "gtin",
      "gtin_check_digit",
      "gtin must be 8, 12, 13 or 14 digits with a valid GS1 check digit",
    );
    return null;
  }
  return value;
}

function checkImages(check: InputCheck, value: unknown): string[] {
  return check.list("images", value, { max: PRODUCT_LIMITS.imagesMax }, (field, item) =>
    check.url(field, item),
  );
}

/** Validates a new product; throws `VALIDATION_FAILED` listing every issue. */
export function checkNewProduct(input: NewProductInput): ProductFields & { merchantId: string } {
  const check = new InputCheck();
  const merchantId = check.text("merchantId", input?.merchantId, { max: 64 });
  const name = check.text("name", input?.name, { max: PRODUCT_LIMITS.nameMax });
  const images = checkImages(check, input?.images);
  const specification = check.optionalText("specification", input?.specification, {
    max: PRODUCT_LIMITS.specificationMax,
  });
  const description = check.optionalText("description", input?.description, {
    max: PRODUCT_LIMITS.descriptionMax,
  });
  const gtin = checkGtin(check, input?.gtin);
  check.done();
  return { merchantId, name, images, specification, description, gtin };
}

/** Validates a patch; returns only the fields present. */
export function checkProductPatch(input: ProductPatchInput): Partial<ProductFields> {
  const check = new InputCheck();
  const patch: { -readonly [K in keyof ProductFields]?: ProductFields[K] } = {};
  if (input?.name !== undefined)
    patch.name = check.text("name", input.name, { max: PRODUCT_LIMITS.nameMax });
  if (input?.images !== undefined) patch.images = checkImages(check, input.images);
  if (input?.specification !== undefined)
    patch.specification = check.optionalText("specification", input.specification, {
      max: PRODUCT_LIMITS.specificationMax,
    });
  if (input?.description !== undefined)
    patch.description = check.optionalText("description", input.description, {
      max: PRODUCT_LIMITS.descriptionMax,
    });
  if (input?.gtin !== undefined) patch.gtin = checkGtin(check, input.gtin);
  check.done();
  return patch;
}
