import { createOneCode, tenantContext } from "@onecode/core";
import { freshTenantId, productRecord, storedPackage } from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, type Target, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

/** The SDK on a fresh database, with a tenant, an admin and a way to seal a bound batch. */
async function sealedWorld(target: Target) {
  const { db } = await target.fresh();
  await migrate(db);
  const storage = postgresStorage({ db });
  const onecode = createOneCode({ storage, codes: { autoRun: false } });
  const tenant = freshTenantId();
  const admin = tenantContext(tenant, { id: "admin-1", kind: "staff", roles: ["admin"] });
  let made = 0;
  const sealBatch = async () => {
    made += 1;
    const { pkg } = await storedPackage(storage, tenant, 10);
    const product = productRecord(tenant, pkg.merchantId);
    await storage.products.insert(product);
    const batch = await onecode.traceBatches.create(admin, {
      batchNumber: `T-${made}`,
      productId: product.id,
      productionDate: "2026-04-01",
      shelfLifeDays: 180,
      remark: "明前 first flush",
      customFields: [{ title: "产地", type: "text", content: "杭州", showOnScan: true }],
    });
    await onecode.traceBatches.bindPackage(admin, batch.id, pkg.id);
    return { batch, entry: await onecode.seals.sealBatch(admin, batch.id) };
  };
  return { db, onecode, tenant, admin, sealBatch };
}

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(
    targetTitle("seal tamper detection (raw SQL)", target),
    () => {
      it("reports a sealed batch row edited with a raw UPDATE, and only that batch", async () => {
        const { db, onecode, tenant, admin, sealBatch } = await sealedWorld(target);
        const edited = await sealBatch();
        const productEdited = await sealBatch();
        const untouched = await sealBatch();
        expect(await onecode.seals.verifyChain(admin)).toEqual({
          valid: true,
          entries: 3,
          problems: [],
        });

        await sql`
        UPDATE onecode_trace_batches SET remark = 'edited after sealing'
        WHERE tenant_id = ${tenant} AND id = ${edited.batch.id}
      `.execute(db);
        await sql`
        UPDATE onecode_trace_batches
        SET sealed_product = jsonb_set(sealed_product, '{name}', '"冒牌 counterfeit"')
        WHERE tenant_id = ${tenant} AND id = ${productEdited.batch.id}
      `.execute(db);

        const mismatch = (entry: typeof edited.entry, batchId: string) => ({
          sequence: entry.sequence,
          problem: "content_mismatch",
          subjectKind: "batch",
          subjectId: batchId,
        });
        expect(await onecode.seals.verifySeal(admin, edited.batch.id)).toEqual({
          valid: false,
          entries: 1,
          problems: [mismatch(edited.entry, edited.batch.id)],
        });
        expect(await onecode.seals.verifySeal(admin, productEdited.batch.id)).toEqual({
          valid: false,
          entries: 1,
          problems: [mismatch(productEdited.entry, productEdited.batch.id)],
        });
        expect((await onecode.seals.verifySeal(admin, untouched.batch.id)).valid).toBe(true);
        expect(await onecode.seals.verifyChain(admin)).toEqual({
          valid: false,
          entries: 3,
          problems: [
            mismatch(edited.entry, edited.batch.id),
            mismatch(productEdited.entry, productEdited.batch.id),
          ],
        });
      });

      it("reports a ledger row edited with a raw UPDATE, and the link it breaks", async () => {
        const { db, onecode, tenant, admin, sealBatch } = await sealedWorld(target);
        const first = await sealBatch();
        const second = await sealBatch();
        await sql`
        UPDATE onecode_ledger_entries SET hash = repeat('0', 64)
        WHERE tenant_id = ${tenant} AND sequence = ${first.entry.sequence}
      `.execute(db);
        const verification = await onecode.seals.verifyChain(admin);
        expect(verification.valid).toBe(false);
        expect(verification.entries).toBe(2);
        expect(verification.problems).toEqual([
          {
            sequence: 1,
            problem: "entry_hash_mismatch",
            subjectKind: "batch",
            subjectId: first.batch.id,
          },
          // The batch's own seal reference no longer matches its entry either.
          {
            sequence: 1,
            problem: "content_mismatch",
            subjectKind: "batch",
            subjectId: first.batch.id,
          },
          { sequence: 2, problem: "broken_link", subjectKind: "batch", subjectId: second.batch.id },
        ]);
        expect((await onecode.seals.verifySeal(admin, first.batch.id)).valid).toBe(false);
      });
    },
  );
}
