import type { CorePorts } from "../core-ports.js";
import { createdChanges, updatedChanges } from "../kernel/audit/audit-summary.js";
import { deleteAudited } from "../kernel/audit/audited-deletion.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import {
  checkMerchantPatch,
  checkNewMerchant,
  type Merchant,
  type MerchantPatchInput,
  type NewMerchantInput,
} from "./merchant.js";

/** Merchant use cases (`onecode.merchants`). Reads need `catalog.read`, writes `catalog.manage`. */
export interface MerchantService {
  /**
   * Creates a merchant.
   *
   * @example
   * ```ts
   * const merchant = await onecode.merchants.create(ctx, {
   *   name: "Acme Tea",
   *   codeSource: "platform",
   *   urlPrefixes: ["https://t.acme.example/c/"],
   * });
   * ```
   */
  create(ctx: TenantContext, input: NewMerchantInput): Promise<Merchant>;
  /** The merchant; `NOT_FOUND` when it is not in this tenant. */
  get(ctx: TenantContext, id: string): Promise<Merchant>;
  /** Merchants, newest first. */
  list(ctx: TenantContext, page?: PageRequest): Promise<Page<Merchant>>;
  /** Changes the given fields; `FIELD_IMMUTABLE` when asked to change the code source. */
  update(ctx: TenantContext, id: string, patch: MerchantPatchInput): Promise<Merchant>;
  /** Deletes the merchant; `MERCHANT_HAS_PRODUCTS` while it owns products, `MERCHANT_HAS_CODES` while it has code rules or packages. */
  delete(ctx: TenantContext, id: string): Promise<void>;
}

/** Builds the merchant use cases over the given ports. */
export function merchantService({ storage, clock, ids }: CorePorts): MerchantService {
  const recordAudit = auditRecorder({ ids, clock });
  const target = (id: string) => ({ type: "merchant", id });
  const get = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "catalog.read");
    const merchant = await storage.merchants.get(ctx.tenantId, id);
    if (!merchant) throw notFound("merchant", id);
    return merchant;
  };

  return {
    async create(ctx, input) {
      requireCapability(ctx, "catalog.manage");
      const fields = checkNewMerchant(input);
      const now = isoNow(clock);
      const merchant: Merchant = {
        id: ids.newId("mch"),
        tenantId: ctx.tenantId,
        ...fields,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        await tx.merchants.insert(merchant);
        await recordAudit(tx, ctx, {
          action: "catalog.merchant.created",
          target: target(merchant.id),
          changes: createdChanges(merchant),
        });
      });
      return merchant;
    },
    get,
    async list(ctx, page) {
      requireCapability(ctx, "catalog.read");
      return paginate(page, (query) => storage.merchants.list(ctx.tenantId, query));
    },
    async update(ctx, id, patch) {
      requireCapability(ctx, "catalog.manage");
      const changes = checkMerchantPatch(patch);
      const current = await get(ctx, id);
      if (patch.codeSource !== undefined && patch.codeSource !== current.codeSource) {
        throw new OneCodeError(
          "FIELD_IMMUTABLE",
          "codeSource cannot change after the merchant is created",
          {
            field: "codeSource",
            current: current.codeSource,
          },
        );
      }
      // An empty patch changes nothing, not even updatedAt.
      if (Object.keys(changes).length === 0) return current;
      return storage.transaction(async (tx) => {
        const updated = await tx.merchants.update(ctx.tenantId, id, {
          ...changes,
          updatedAt: isoNow(clock),
        });
        if (!updated) throw notFound("merchant", id);
        await recordAudit(tx, ctx, {
          action: "catalog.merchant.updated",
          target: target(id),
          changes: updatedChanges(current, updated, Object.keys(changes)),
        });
        return updated;
      });
    },
    async delete(ctx, id) {
      requireCapability(ctx, "catalog.manage");
      const result = await deleteAudited(storage, recordAudit, ctx, {
        read: (tx) => tx.merchants.get(ctx.tenantId, id),
        remove: (tx) => tx.merchants.delete(ctx.tenantId, id),
        action: "catalog.merchant.deleted",
        target: target(id),
      });
      if (result.outcome === "not_found") throw notFound("merchant", id);
      if (result.outcome === "has_products") {
        throw new OneCodeError(
          "MERCHANT_HAS_PRODUCTS",
          `merchant ${id} still owns ${result.productCount} product(s); delete or keep them before deleting the merchant`,
          { id, productCount: result.productCount },
        );
      }
      if (result.outcome === "has_codes") {
        throw new OneCodeError(
          "MERCHANT_HAS_CODES",
          `merchant ${id} has ${result.codeRuleCount} code rule(s) and ${result.codePackageCount} code package(s) and cannot be deleted`,
          { id, codeRuleCount: result.codeRuleCount, codePackageCount: result.codePackageCount },
        );
      }
    },
  };
}
