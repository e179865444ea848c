import type { CampaignRepository } from "@onecode/core";
import { sql } from "kysely";
import { campaignFromRow, campaignToRow } from "./campaign-row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

/**
 * Campaigns in `onecode_campaigns`. Updates are compare-and-set on
 * `version`; a status change is one UPDATE conditional on the current
 * status, so concurrent changes from the same state go through once.
 */
export function campaignRepository({ db }: StatementScope): CampaignRepository {
  const select = (tenantId: string) =>
    db.selectFrom("onecode_campaigns").selectAll().where("tenant_id", "=", tenantId);
  const get = async (tenantId: string, id: string) => {
    const row = await select(tenantId).where("id", "=", id).executeTakeFirst();
    return row ? campaignFromRow(row) : null;
  };
  return {
    async insert(campaign) {
      await db.insertInto("onecode_campaigns").values(campaignToRow(campaign)).execute();
    },
    get,
    async list(tenantId, filter, page) {
      let query = select(tenantId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(campaignFromRow);
    },
    async update(campaign, expectedVersion) {
      const { tenant_id, id, ...changes } = campaignToRow(campaign);
      const rows = await db
        .updateTable("onecode_campaigns")
        .set(changes)
        .where("tenant_id", "=", tenant_id)
        .where("id", "=", id)
        .where("version", "=", expectedVersion)
        .returning("id")
        .execute();
      return rows.length > 0;
    },
    async setStatus(tenantId, id, from, to, at) {
      const row =
        from.length === 0
          ? undefined
          : await db
              .updateTable("onecode_campaigns")
              .set({
                status: to,
                // Published once: the first move to online sets it, later ones keep it.
                published_at: sql`coalesce(published_at, ${to === "online" ? at : null}::timestamptz)`,
                version: sql`version + 1`,
                updated_at: at,
              })
              .where("tenant_id", "=", tenantId)
              .where("id", "=", id)
              .where("status", "in", [...from])
              .returningAll()
              .executeTakeFirst();
      if (row) return { outcome: "changed", campaign: campaignFromRow(row) };
      const current = await get(tenantId, id);
      return current ? { outcome: "wrong_state", campaign: current } : { outcome: "not_found" };
    },
    async delete(tenantId, id) {
      const rows = await db
        .deleteFrom("onecode_campaigns")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .returning("id")
        .execute();
      return rows.length > 0;
    },
    async hasActivityBatches(tenantId, id) {
      const row = await db
        .selectFrom("onecode_activity_batches")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("campaign_id", "=", id)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
