import type { ActivityBatchRepository } from "@onecode/core";
import { sql } from "kysely";
import { activityBatchFromRow, activityBatchToRow } from "./campaign-row-mapping.js";
import { UNIQUE_VIOLATION } from "./sql-errors.js";
import { RollBack, type StatementScope } from "./statement-scope.js";

const NUMBER_KEY = "onecode_activity_batches_number_key";

/**
 * Activity batches in `onecode_activity_batches`, their package bindings in
 * `onecode_activity_batch_packages`. The batch number is a unique key; a
 * binding is the package's primary key, so of concurrent binds of one
 * package exactly one gets in.
 */
export function activityBatchRepository(scope: StatementScope): ActivityBatchRepository {
  const { db, atomic, tolerate } = scope;
  const select = (tenantId: string) =>
    db.selectFrom("onecode_activity_batches").selectAll().where("tenant_id", "=", tenantId);
  const numberTaken = (constraint: string | undefined) => constraint === NUMBER_KEY;
  return {
    async insert(batch) {
      const inserted = await tolerate(
        (tx) =>
          tx.insertInto("onecode_activity_batches").values(activityBatchToRow(batch)).execute(),
        [UNIQUE_VIOLATION],
      );
      if (inserted.ok) return "written";
      if (numberTaken(inserted.error.constraint)) return "number_taken";
      throw new Error(`activity batch ${batch.id} exists already`);
    },
    async get(tenantId, id) {
      const row = await select(tenantId).where("id", "=", id).executeTakeFirst();
      return row ? activityBatchFromRow(row) : null;
    },
    async list(tenantId, filter, page) {
      let query = select(tenantId);
      if (filter.campaignId !== undefined)
        query = query.where("campaign_id", "=", filter.campaignId);
      if (filter.merchantId !== undefined)
        query = query.where("merchant_id", "=", filter.merchantId);
      if (filter.productId !== undefined) query = query.where("product_id", "=", filter.productId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(activityBatchFromRow);
    },
    async update(batch, expectedVersion) {
      const { tenant_id, id, ...changes } = activityBatchToRow(batch);
      const updated = await tolerate(
        (tx) =>
          tx
            .updateTable("onecode_activity_batches")
            .set(changes)
            .where("tenant_id", "=", tenant_id)
            .where("id", "=", id)
            .where("version", "=", expectedVersion)
            .returning("id")
            .execute(),
        [UNIQUE_VIOLATION],
      );
      if (!updated.ok) {
        if (numberTaken(updated.error.constraint)) return "number_taken";
        throw new Error(`activity batch ${batch.id}: unexpected unique violation`);
      }
      return updated.value.length > 0 ? "written" : "conflict";
    },
    async bindPackage(tenantId, batchId, packageId, codeCount, at) {
      return atomic(async (tx) => {
        // The batch first (and its row lock): a missing batch is `not_found` whatever the package.
        const batch = await tx
          .updateTable("onecode_activity_batches")
          .set({
            package_ids: sql`array_append(package_ids, ${packageId}::text)`,
            code_count: sql`code_count + ${codeCount}::bigint`,
            version: sql`version + 1`,
            updated_at: at,
          })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", batchId)
          .returningAll()
          .executeTakeFirst();
        if (!batch) throw new RollBack({ outcome: "not_found" } as const);
        // A concurrent bind of the package waits here on its key, then finds it taken.
        for (let attempt = 0; attempt < 3; attempt++) {
          const bound = await tx
            .insertInto("onecode_activity_batch_packages")
            .values({ tenant_id: tenantId, package_id: packageId, batch_id: batchId })
            .onConflict((conflict) =>
              conflict.constraint("onecode_activity_batch_packages_pkey").doNothing(),
            )
            .returning("package_id")
            .executeTakeFirst();
          if (bound) return { outcome: "bound", batch: activityBatchFromRow(batch) } as const;
          const holder = await tx
            .selectFrom("onecode_activity_batch_packages")
            .select("batch_id")
            .where("tenant_id", "=", tenantId)
            .where("package_id", "=", packageId)
            .executeTakeFirst();
          // Gone in between (its batch was deleted): try binding again.
          if (holder) throw new RollBack({ outcome: "taken", batchId: holder.batch_id } as const);
        }
        throw new Error(`package ${packageId}: binding kept changing under concurrent writes`);
      });
    },
    async batchOfPackage(tenantId, packageId) {
      const row = await db
        .selectFrom("onecode_activity_batch_packages as p")
        .innerJoin("onecode_activity_batches as b", (join) =>
          join.onRef("b.tenant_id", "=", "p.tenant_id").onRef("b.id", "=", "p.batch_id"),
        )
        .selectAll("b")
        .where("p.tenant_id", "=", tenantId)
        .where("p.package_id", "=", packageId)
        .executeTakeFirst();
      return row ? activityBatchFromRow(row) : null;
    },
    async delete(tenantId, id) {
      return atomic(async (tx) => {
        await tx
          .deleteFrom("onecode_activity_batch_packages")
          .where("tenant_id", "=", tenantId)
          .where("batch_id", "=", id)
          .execute();
        const rows = await tx
          .deleteFrom("onecode_activity_batches")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", id)
          .returning("id")
          .execute();
        return rows.length > 0;
      });
    },
  };
}
