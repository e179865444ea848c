import { freshTenantId, merchantRecord, productRecord, sleep } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, type Target, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const AT = "2026-05-01T00:00:00.000Z";

/** Long enough for a statement to reach the row lock it will wait on. */
const LOCK_WAIT_MS = 150;

function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return { promise, settled: () => settled };
}

/**
 * Two application instances on one database: `first` acts while `second`
 * holds an open transaction, so the interleavings the suite can only hope
 * for happen deterministically here.
 */
async function twoInstances(target: Target) {
  const fresh = await target.fresh();
  await migrate(fresh.db);
  const tenant = freshTenantId();
  const merchant = merchantRecord(tenant);
  const first = postgresStorage({ db: fresh.db });
  await first.merchants.insert(merchant);
  return { first, second: postgresStorage({ db: fresh.connect() }), tenant, merchant };
}

// Lock contention needs two connections; PGlite serves one, so only servers run these.
for (const target of targets.filter((candidate) => candidate.parallel)) {
  describe.skipIf(Boolean(target.skip))(
    targetTitle("storage under lock contention", target),
    () => {
      it(`reports has_products when the merchant delete waited for a product insert that then committed`, async () => {
        const { first, second, tenant, merchant } = await twoInstances(target);
        const later = merchantRecord(tenant);
        let deletion: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          await tx.products.insert(productRecord(tenant, merchant.id));
          // Inside a transaction too, so the foreign-key failure it recovers from must not abort it.
          deletion = track(
            first.transaction(async (own) => {
              const outcome = await own.merchants.delete(tenant, merchant.id);
              await own.merchants.insert(later);
              return outcome;
            }),
          );
          await sleep(LOCK_WAIT_MS);
          expect(deletion.settled()).toBe(false);
        });
        expect(await deletion?.promise).toEqual({ outcome: "has_products", productCount: 1 });
        expect(await first.merchants.get(tenant, merchant.id)).toEqual(merchant);
        expect(await first.merchants.get(tenant, later.id)).toEqual(later);
      });

      it(`refuses a product insert that waited for a merchant delete that then committed`, async () => {
        const { first, second, tenant, merchant } = await twoInstances(target);
        const product = productRecord(tenant, merchant.id);
        let insertion: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          expect(await tx.merchants.delete(tenant, merchant.id)).toEqual({ outcome: "deleted" });
          insertion = track(first.products.insert(product));
          await sleep(LOCK_WAIT_MS);
          expect(insertion.settled()).toBe(false);
        });
        expect(await insertion?.promise).toEqual({ outcome: "merchant_not_found" });
        expect(await first.products.get(tenant, product.id)).toBeNull();
      });

      it(`inserts the product when the merchant delete it waited for rolled back`, async () => {
        const { first, second, tenant, merchant } = await twoInstances(target);
        const product = productRecord(tenant, merchant.id);
        let insertion: ReturnType<typeof track> | undefined;
        await expect(
          second.transaction(async (tx) => {
            await tx.merchants.delete(tenant, merchant.id);
            insertion = track(first.products.insert(product));
            await sleep(LOCK_WAIT_MS);
            throw new Error("changed my mind");
          }),
        ).rejects.toThrow("changed my mind");
        expect(await insertion?.promise).toEqual({ outcome: "inserted" });
        expect(await first.products.get(tenant, product.id)).toEqual(product);
      });

      it(`reports gtin_taken when a GTIN change waited for another insert of that GTIN`, async () => {
        const { first, second, tenant, merchant } = await twoInstances(target);
        const gtin = "96385074";
        const product = productRecord(tenant, merchant.id);
        await first.products.insert(product);
        const later = merchantRecord(tenant);
        let update: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          await tx.products.insert(productRecord(tenant, merchant.id, { gtin }));
          update = track(
            first.transaction(async (own) => {
              const outcome = await own.products.update(tenant, product.id, {
                gtin,
                updatedAt: AT,
              });
              await own.merchants.insert(later);
              return outcome;
            }),
          );
          await sleep(LOCK_WAIT_MS);
          expect(update.settled()).toBe(false);
        });
        expect(await update?.promise).toEqual({ outcome: "gtin_taken" });
        expect(await first.products.get(tenant, product.id)).toEqual(product);
        expect(await first.merchants.get(tenant, later.id)).toEqual(later);
      });

      it(`deletes a product only after reading the bound-code count a concurrent adjustment committed`, async () => {
        const { first, second, tenant, merchant } = await twoInstances(target);
        const product = productRecord(tenant, merchant.id);
        await first.products.insert(product);
        let deletion: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          expect(await tx.products.adjustBoundCodes(tenant, product.id, 2)).toBe(2);
          deletion = track(first.products.delete(tenant, product.id));
          await sleep(LOCK_WAIT_MS);
          expect(deletion.settled()).toBe(false);
        });
        expect(await deletion?.promise).toEqual({
          outcome: "has_codes",
          boundCodeCount: 2,
          codePackageCount: 0,
          traceBatchCount: 0,
        });
      });
    },
  );
}
