import type {
  FreightRegionRule,
  FreightTemplate,
  FreightTemplateRepository,
  WeightPricing,
} from "@onecode/core";
import type { Selectable } from "kysely";
import type { FreightTemplatesTable } from "../database.js";
import { isoTimestamp } from "./row-mapping.js";
import type { StatementScope } from "./statement-scope.js";

// node-postgres and PGlite both hand jsonb back parsed; text is parsed in case a driver does not.
function parsed<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function templateFromRow(row: Selectable<FreightTemplatesTable>): FreightTemplate {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    courier: row.courier,
    currency: row.currency,
    pricing: parsed<WeightPricing>(row.pricing),
    regionRules: parsed<FreightRegionRule[]>(row.region_rules),
    undeliveredRegions: parsed<string[]>(row.undelivered_regions),
    selfPickup: row.self_pickup,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

function columns(template: FreightTemplate) {
  return {
    name: template.name,
    courier: template.courier,
    currency: template.currency,
    pricing: JSON.stringify(template.pricing),
    region_rules: JSON.stringify(template.regionRules),
    undelivered_regions: JSON.stringify(template.undeliveredRegions),
    self_pickup: template.selfPickup,
    updated_at: template.updatedAt,
  };
}

/** Freight templates in `onecode_freight_templates`, keyed by tenant and id. */
export function freightTemplateRepository({ db }: StatementScope): FreightTemplateRepository {
  return {
    async insert(template) {
      await db
        .insertInto("onecode_freight_templates")
        .values({
          tenant_id: template.tenantId,
          id: template.id,
          ...columns(template),
          created_at: template.createdAt,
        })
        .execute();
    },

    async get(tenantId, id) {
      const row = await db
        .selectFrom("onecode_freight_templates")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? templateFromRow(row) : null;
    },

    async list(tenantId, page) {
      let query = db
        .selectFrom("onecode_freight_templates")
        .selectAll()
        .where("tenant_id", "=", tenantId);
      if (page.beforeId !== null) query = query.where("id", "<", page.beforeId);
      const rows = await query.orderBy("id", "desc").limit(page.limit).execute();
      return rows.map(templateFromRow);
    },

    async update(template) {
      const result = await db
        .updateTable("onecode_freight_templates")
        .set(columns(template))
        .where("tenant_id", "=", template.tenantId)
        .where("id", "=", template.id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(tenantId, id) {
      const result = await db
        .deleteFrom("onecode_freight_templates")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
