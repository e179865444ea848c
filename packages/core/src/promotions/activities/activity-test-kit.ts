import { catalogTestKit } from "../../catalog/catalog-test-kit.js";
import type { ActivityInput } from "./activity-input.js";

/** A deterministic OneCode (clock at 2026-05-01T08:00:00Z) with two products of tenant `acme`. */
export async function activityTestKit() {
  const kit = catalogTestKit();
  const merchant = await kit.onecode.merchants.create(kit.admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const create = (name: string) =>
    kit.onecode.products.create(kit.admin, { merchantId: merchant.id, name });
  const [tea, cup] = [await create("Tea"), await create("Cup")];
  return { ...kit, tea, cup };
}

/** "Spend 50 save 15" on the listed products, or all products when none are listed. */
export function spendSave(
  productIds: string[] = [],
  extra: Partial<ActivityInput> = {},
): ActivityInput {
  return {
    name: "Spend 50 save 15",
    terms: { kind: "spend_save", mode: "tiered", tiers: [{ threshold: 5000, save: 1500 }] },
    ...(productIds.length > 0 && { scope: { kind: "products", productIds } }),
    ...extra,
  };
}

/** Runs `promise` and returns what it rejected with (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
