import type { CorePorts } from "../core-ports.js";
import { createdChanges, updatedChanges } from "../kernel/audit/audit-summary.js";
import { deleteAudited } from "../kernel/audit/audited-deletion.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { notFound, OneCodeError } from "../kernel/errors.js";
import { type Page, type PageRequest, paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { ProductFilter } from "./ports.js";
import {
  checkNewProduct,
  checkProductPatch,
  type NewProductInput,
  type Product,
  type ProductPatchInput,
} from "./product.js";

/** Product use cases (`onecode.products`). Reads need `catalog.read`, writes `catalog.manage`. */
export interface ProductService {
  /**
   * Creates a product of an existing merchant.
   *
   * @example
   * ```ts
   * const product = await onecode.products.create(ctx, {
   *   merchantId: merchant.id,
   *   name: "Longjing 250g",
   *   gtin: "06901234567892",
   * });
   * ```
   */
  create(ctx: TenantContext, input: NewProductInput): Promise<Product>;
  /** The product; `NOT_FOUND` when it is not in this tenant. */
  get(ctx: TenantContext, id: string): Promise<Product>;
  /** Products, newest first, optionally of one merchant. */
  list(ctx: TenantContext, filter?: ProductFilter, page?: PageRequest): Promise<Page<Product>>;
  /** Changes the given fields; `FIELD_IMMUTABLE` when asked to move the product to another merchant. */
  update(ctx: TenantContext, id: string, patch: ProductPatchInput): Promise<Product>;
  /** Deletes the product; `PRODUCT_HAS_CODES` while codes are bound to it or code packages or trace batches name it. */
  delete(ctx: TenantContext, id: string): Promise<void>;
}

function gtinTaken(gtin: string | null | undefined): OneCodeError<"GTIN_TAKEN"> {
  return new OneCodeError("GTIN_TAKEN", "gtin is already used by another product of this tenant", {
    field: "gtin",
    ...(gtin != null && { gtin }),
  });
}

/**
 * Builds the product use cases over the given ports. `afterUpdate` runs once
 * an update committed (the trace module drops cached scan pages showing the
 * product).
 */
export function productService(
  { storage, clock, ids }: CorePorts,
  afterUpdate: (tenantId: string, productId: string) => Promise<void> = async () => {},
): ProductService {
  const recordAudit = auditRecorder({ ids, clock });
  const target = (id: string) => ({ type: "product", id });
  const get = async (ctx: TenantContext, id: string) => {
    requireCapability(ctx, "catalog.read");
    const product = await storage.products.get(ctx.tenantId, id);
    if (!product) throw notFound("product", id);
    return product;
  };

  return {
    async create(ctx, input) {
      requireCapability(ctx, "catalog.manage");
      const fields = checkNewProduct(input);
      const now = isoNow(clock);
      const product: Product = {
        id: ids.newId("prd"),
        tenantId: ctx.tenantId,
        ...fields,
        boundCodeCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      await storage.transaction(async (tx) => {
        const result = await tx.products.insert(product);
        if (result.outcome === "merchant_not_found") {
          throw notFound("merchant", fields.merchantId, "merchantId");
        }
        if (result.outcome === "gtin_taken") throw gtinTaken(fields.gtin);
        await recordAudit(tx, ctx, {
          action: "catalog.product.created",
          target: target(product.id),
          changes: createdChanges(product),
        });
      });
      return product;
    },
    get,
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "catalog.read");
      return paginate(page, (query) => storage.products.list(ctx.tenantId, filter, query));
    },
    async update(ctx, id, patch) {
      requireCapability(ctx, "catalog.manage");
      const changes = checkProductPatch(patch);
      if (patch.merchantId !== undefined || Object.keys(changes).length === 0) {
        const current = await get(ctx, id);
        if (patch.merchantId !== undefined && patch.merchantId !== current.merchantId) {
          throw new OneCodeError(
            "FIELD_IMMUTABLE",
            "merchantId cannot change after the product is created",
            {
              field: "merchantId",
              current: current.merchantId,
            },
          );
        }
        // An empty patch changes nothing, not even updatedAt.
        if (Object.keys(changes).length === 0) return current;
      }
      const product = await storage.transaction(async (tx) => {
        const before = await tx.products.get(ctx.tenantId, id);
        const result = await tx.products.update(ctx.tenantId, id, {
          ...changes,
          updatedAt: isoNow(clock),
        });
        if (result.outcome === "not_found") throw notFound("product", id);
        if (result.outcome === "gtin_taken") throw gtinTaken(changes.gtin);
        await recordAudit(tx, ctx, {
          action: "catalog.product.updated",
          target: target(id),
          changes: updatedChanges(before, result.product, Object.keys(changes)),
        });
        return result.product;
      });
      await afterUpdate(ctx.tenantId, id);
      return product;
    },
    async delete(ctx, id) {
      requireCapability(ctx, "catalog.manage");
      const result = await deleteAudited(storage, recordAudit, ctx, {
        read: (tx) => tx.products.get(ctx.tenantId, id),
        remove: (tx) => tx.products.delete(ctx.tenantId, id),
        action: "catalog.product.deleted",
        target: target(id),
      });
      if (result.outcome === "not_found") throw notFound("product", id);
      if (result.outcome === "has_codes") {
        throw new OneCodeError(
          "PRODUCT_HAS_CODES",
          `product ${id} has ${result.boundCodeCount} code(s) bound to it, ${result.codePackageCount} code package(s) and ${result.traceBatchCount} trace batch(es) naming it, so it cannot be deleted`,
          {
            id,
            boundCodeCount: result.boundCodeCount,
            codePackageCount: result.codePackageCount,
            traceBatchCount: result.traceBatchCount,
          },
        );
      }
    },
  };
}
