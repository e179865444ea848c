import {
  createdChanges,
  deletedChanges,
  updatedChanges,
} from "../../kernel/audit/audit-summary.js";
import type { AuditRepositories } from "../../kernel/audit/ports.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { type Clock, isoNow } from "../../kernel/clock.js";
import { notFound } from "../../kernel/errors.js";
import type { IdGenerator } from "../../kernel/ids.js";
import type { Money } from "../../kernel/money.js";
import { type Page, type PageRequest, paginate } from "../../kernel/pagination.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { type FreightQuoteInput, freightFor } from "./freight-price.js";
import { checkFreightTemplate, type FreightTemplateRules } from "./freight-template.js";
import type { FreightRepositories, FreightTemplate } from "./ports.js";

/** Freight templates (运费模板) of the calling tenant and the shipping prices they give. */
export interface FreightTemplateService {
  /**
   * Creates a template. Needs `orders.settings`; audited as
   * `orders.freight_template.created`.
   *
   * @throws `VALIDATION_FAILED` naming every broken field and rule.
   */
  create(ctx: TenantContext, input: FreightTemplateRules): Promise<FreightTemplate>;
  /** One template; needs `orders.read`. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, id: string): Promise<FreightTemplate>;
  /** Templates newest first; needs `orders.read`. */
  list(ctx: TenantContext, page?: PageRequest): Promise<Page<FreightTemplate>>;
  /**
   * Replaces every rule of a template (a template is small and edited as a
   * whole form). Needs `orders.settings`; audited as
   * `orders.freight_template.updated` with the fields that changed.
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`.
   */
  update(ctx: TenantContext, id: string, input: FreightTemplateRules): Promise<FreightTemplate>;
  /** Deletes a template; needs `orders.settings`; audited. @throws `NOT_FOUND`. */
  delete(ctx: TenantContext, id: string): Promise<void>;
  /**
   * The shipping price of a parcel under a stored template (see `freightFor`).
   * Open to every actor of the tenant, consumers included: checkout shows
   * the price to the buyer, so it is no secret.
   *
   * @throws `NOT_FOUND`, `VALIDATION_FAILED`, `REGION_NOT_DELIVERED`,
   *   `SELF_PICKUP_NOT_OFFERED`.
   */
  quote(ctx: TenantContext, templateId: string, input: FreightQuoteInput): Promise<Money>;
}

type FreightPorts = {
  readonly storage: FreightRepositories & {
    transaction<T>(work: (tx: FreightRepositories & AuditRepositories) => Promise<T>): Promise<T>;
  };
  readonly clock: Clock;
  readonly ids: IdGenerator;
};

const TARGET = "freight_template";

/** The freight-template use cases over `ports`. */
export function freightTemplateService(ports: FreightPorts): FreightTemplateService {
  const recordAudit = auditRecorder(ports);
  const { storage } = ports;

  async function load(ctx: TenantContext, id: string): Promise<FreightTemplate> {
    const found = await storage.freightTemplates.get(ctx.tenantId, id);
    if (!found) throw notFound("freight template", id);
    return found;
  }

  return {
    async create(ctx, input) {
      requireCapability(ctx, "orders.settings");
      const rules = checkFreightTemplate(input);
      const now = isoNow(ports.clock);
      const template: FreightTemplate = {
        ...rules,
        id: ports.ids.newId("ft"),
        tenantId: ctx.tenantId,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        await tx.freightTemplates.insert(template);
        await recordAudit(tx, ctx, {
          action: "orders.freight_template.created",
          target: { type: TARGET, id: template.id },
          changes: createdChanges(rules),
        });
      });
      return template;
    },

    async get(ctx, id) {
      requireCapability(ctx, "orders.read");
      return load(ctx, id);
    },

    async list(ctx, page) {
      requireCapability(ctx, "orders.read");
      return paginate(page, (query) => storage.freightTemplates.list(ctx.tenantId, query));
    },

    async update(ctx, id, input) {
      requireCapability(ctx, "orders.settings");
      const rules = checkFreightTemplate(input);
      return storage.transaction(async (tx) => {
        const before = await tx.freightTemplates.get(ctx.tenantId, id);
        if (!before) throw notFound("freight template", id);
        const after: FreightTemplate = { ...before, ...rules, updatedAt: isoNow(ports.clock) };
        if (!(await tx.freightTemplates.update(after))) throw notFound("freight template", id);
        await recordAudit(tx, ctx, {
          action: "orders.freight_template.updated",
          target: { type: TARGET, id },
          changes: updatedChanges(before, after, Object.keys(rules)),
        });
        return after;
      });
    },

    async delete(ctx, id) {
      requireCapability(ctx, "orders.settings");
      await storage.transaction(async (tx) => {
        const before = await tx.freightTemplates.get(ctx.tenantId, id);
        if (!before || !(await tx.freightTemplates.delete(ctx.tenantId, id))) {
          throw notFound("freight template", id);
        }
        await recordAudit(tx, ctx, {
          action: "orders.freight_template.deleted",
          target: { type: TARGET, id },
          changes: deletedChanges(before),
        });
      });
    },

    async quote(ctx, templateId, input) {
      return freightFor(await load(ctx, templateId), input);
    },
  };
}
