import type { CorePorts } from "../../core-ports.js";
import { createdChanges, updatedChanges } from "../../kernel/audit/audit-summary.js";
import { auditRecorder } from "../../kernel/audit/record-audit.js";
import { isoNow } from "../../kernel/clock.js";
import { notFound, OneCodeError } from "../../kernel/errors.js";
import { money } from "../../kernel/money.js";
import { eventRecorder } from "../../kernel/outbox/record-events.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { SkuChanges } from "./ports.js";
import type { Sku, SkuSettings, SpecDimension, StockPolicy } from "./sku.js";
import { assertDimensionsExtend, checkSkuCoverage } from "./sku-coverage.js";
import {
  type CheckedSkuConfiguration,
  checkSkuConfiguration,
  checkSkuPatch,
  checkStockCount,
  checkStockPolicy,
  type SkuConfigurationInput,
  type SkuPatchInput,
} from "./sku-input.js";
import { stockLowEvent } from "./stock-low.js";

/** A product's SKU settings and SKUs, as `skus.list` answers. */
export interface ProductSkus {
  readonly productId: string;
  /** `null` until the product's SKUs are configured. */
  readonly policy: StockPolicy | null;
  /** Empty for a product without specs (one default SKU) or not configured yet. */
  readonly dimensions: readonly SpecDimension[];
  /** Ordered by id (creation order). */
  readonly skus: readonly Sku[];
  /** When the settings last changed; `null` until configured. */
  readonly updatedAt: string | null;
}

/**
 * SKU use cases (`onecode.skus`): a product's spec dimensions and SKUs
 * (规格), their prices, weights, codes and stock, and the product's stock
 * policy. Reads need `catalog.read`, writes `catalog.manage`; every write is
 * audited in its own transaction.
 */
export interface SkuService {
  /**
   * Sets the product's stock policy and spec dimensions and creates its
   * SKUs, one per combination of the dimensions' values. On a product that
   * has SKUs it only adds: the dimensions stay and keep their values, new
   * values may be appended, and `skus` lists exactly the combinations the
   * new values make (existing SKUs change through `update` and `setStock`).
   * Prices are in the tenant's currency. Audited as
   * `catalog.product.sku_settings_updated` and one `catalog.sku.created`
   * per SKU. Answers every SKU of the product afterwards, oldest first
   * (`list` gives the settings too).
   *
   * @throws `VALIDATION_FAILED` (every broken rule of the input; then each
   *   missing combination, field `skus` rule `missing_combination`, and each
   *   listed one that exists, rule `combination_exists`), `NOT_FOUND` (the
   *   product), `FIELD_IMMUTABLE` (a dimension or value of existing SKUs
   *   dropped or renamed), `SKU_CODE_TAKEN` (another SKU of the tenant has a
   *   code; `details.field` names it), `BUSY`.
   *
   * @example
   * ```ts
   * const [red, blue] = await onecode.skus.configure(ctx, product.id, {
   *   policy: "reserve_on_pay",
   *   dimensions: [{ name: "colour", values: ["red", "blue"] }],
   *   skus: [
   *     { spec: { colour: "red" }, code: "TEE-RED", price: 9900, stock: 20, weightGrams: 250 },
   *     { spec: { colour: "blue" }, code: "TEE-BLUE", price: 9900, stock: 5, weightGrams: 250 },
   *   ],
   * });
   * ```
   */
  configure(ctx: TenantContext, productId: string, input: SkuConfigurationInput): Promise<Sku[]>;
  /** The product's SKU settings and SKUs. @throws `NOT_FOUND` (the product). */
  list(ctx: TenantContext, productId: string): Promise<ProductSkus>;
  /** One SKU. @throws `NOT_FOUND`. */
  get(ctx: TenantContext, skuId: string): Promise<Sku>;
  /**
   * Changes the given fields (code, price, weight, low-stock threshold);
   * audited as `catalog.sku.updated`. An empty patch writes nothing. A new
   * threshold raises no alert by itself: alerts follow stock changes.
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`, `SKU_CODE_TAKEN`.
   */
  update(ctx: TenantContext, skuId: string, patch: SkuPatchInput): Promise<Sku>;
  /**
   * Sets the stock to a staff count (盘点); audited as
   * `catalog.sku.stock_set`. A count that takes the stock from above the
   * SKU's threshold to at or below it records a `sku.stock_low` event.
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND`.
   */
  setStock(ctx: TenantContext, skuId: string, stock: number): Promise<Sku>;
  /**
   * Changes the product's stock policy, for orders placed from now on;
   * audited as `catalog.product.sku_settings_updated`.
   *
   * @throws `VALIDATION_FAILED`, `NOT_FOUND` (the product, or its SKU
   *   settings when it has no SKUs yet: configure them first), `BUSY`.
   */
  setPolicy(ctx: TenantContext, productId: string, policy: StockPolicy): Promise<SkuSettings>;
}

/** Compare-and-set attempts on the product's SKU settings before giving up with `BUSY`. */
const MAX_ATTEMPTS = 5;

class LostRace extends Error {}

function codeTaken(field: string, code: string): OneCodeError<"SKU_CODE_TAKEN"> {
  return new OneCodeError(
    "SKU_CODE_TAKEN",
    `${field} ${code} is already used by another SKU of this tenant`,
    {
      field,
      code,
    },
  );
}

const productTarget = (id: string) => ({ type: "product", id });
const skuTarget = (id: string) => ({ type: "sku", id });

/**
 * Builds the SKU use cases over the ports; `currencyOf` gives the tenant's
 * currency (tenant settings), which every price is stamped with.
 */
export function skuService(
  ports: Pick<CorePorts, "storage" | "clock" | "ids">,
  tenant: { readonly currencyOf: (tenantId: string) => Promise<string> },
): SkuService {
  const { storage, clock, ids } = ports;
  const recordAudit = auditRecorder(ports);
  const recordEvents = eventRecorder(ports);

  /** Runs `work` in a transaction, again while it loses a compare-and-set on the settings. */
  async function withSettingsRace<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return await storage.transaction(work);
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
      }
    }
    throw new OneCodeError("BUSY", "the product's SKU settings kept changing; retry", {
      resource: "sku_settings",
      attempts: MAX_ATTEMPTS,
    });
  }

  async function productIn(tx: StorageRepositories, ctx: TenantContext, productId: string) {
    const product = await tx.products.get(ctx.tenantId, productId);
    if (!product) throw notFound("product", productId);
  }

  /** Writes the settings and the new SKUs of a checked configuration; audited. */
  async function applyConfiguration(
    tx: StorageRepositories,
    ctx: TenantContext,
    productId: string,
    checked: CheckedSkuConfiguration,
    currency: string,
  ): Promise<Sku[]> {
    await productIn(tx, ctx, productId);
    const before = await tx.skus.getSettings(ctx.tenantId, productId);
    // Settings exist exactly when SKUs do: configure always creates at least one.
    const current = before?.dimensions ?? null;
    if (current) assertDimensionsExtend(current, checked.dimensions);
    checkSkuCoverage(checked.skus, checked.dimensions, current);
    const now = isoNow(clock);
    const settings: SkuSettings = {
      tenantId: ctx.tenantId,
      productId,
      policy: checked.policy,
      dimensions: checked.dimensions,
      updatedAt: now,
    };
    if (!(await tx.skus.replaceSettings(settings, current))) throw new LostRace();
    for (const [index, input] of checked.skus.entries()) {
      const sku: Sku = {
        tenantId: ctx.tenantId,
        id: ids.newId("sku"),
        productId,
        ...input,
        price: money(input.price, currency, `skus.${index}.price`),
        createdAt: now,
        updatedAt: now,
      };
      const inserted = await tx.skus.insert(sku);
      if (inserted.outcome === "code_taken") throw codeTaken(`skus.${index}.code`, sku.code);
      await recordAudit(tx, ctx, {
        action: "catalog.sku.created",
        target: skuTarget(sku.id),
        changes: createdChanges(sku),
      });
    }
    await recordAudit(tx, ctx, {
      action: "catalog.product.sku_settings_updated",
      target: productTarget(productId),
      changes: updatedChanges(before, settings, ["policy", "dimensions"]),
    });
    return tx.skus.listByProduct(ctx.tenantId, productId);
  }

  /** One atomic change of a SKU, audited as `action`; returns the SKU before and after. */
  async function changeSku(
    tx: StorageRepositories,
    ctx: TenantContext,
    skuId: string,
    changes: SkuChanges,
    action: string,
  ): Promise<{ before: Sku; sku: Sku }> {
    const result = await tx.skus.update(ctx.tenantId, skuId, changes);
    if (result.outcome === "not_found") throw notFound("sku", skuId);
    if (result.outcome === "code_taken") throw codeTaken("code", changes.code ?? "");
    const { updatedAt: _at, ...fields } = changes;
    await recordAudit(tx, ctx, {
      action,
      target: skuTarget(skuId),
      changes: updatedChanges(result.before, result.sku, Object.keys(fields)),
    });
    return result;
  }

  const get = async (ctx: TenantContext, skuId: string) => {
    requireCapability(ctx, "catalog.read");
    const sku = await storage.skus.get(ctx.tenantId, skuId);
    if (!sku) throw notFound("sku", skuId);
    return sku;
  };

  return {
    async configure(ctx, productId, input) {
      requireCapability(ctx, "catalog.manage");
      const checked = checkSkuConfiguration(input);
      const currency = await tenant.currencyOf(ctx.tenantId);
      return withSettingsRace((tx) => applyConfiguration(tx, ctx, productId, checked, currency));
    },

    async list(ctx, productId) {
      requireCapability(ctx, "catalog.read");
      if (!(await storage.products.get(ctx.tenantId, productId)))
        throw notFound("product", productId);
      const [settings, skus] = await Promise.all([
        storage.skus.getSettings(ctx.tenantId, productId),
        storage.skus.listByProduct(ctx.tenantId, productId),
      ]);
      return {
        productId,
        policy: settings?.policy ?? null,
        dimensions: settings?.dimensions ?? [],
        skus,
        updatedAt: settings?.updatedAt ?? null,
      };
    },

    get,

    async update(ctx, skuId, patch) {
      requireCapability(ctx, "catalog.manage");
      const { price, ...rest } = checkSkuPatch(patch);
      if (price === undefined && Object.keys(rest).length === 0) return get(ctx, skuId);
      const changes: SkuChanges = {
        ...rest,
        ...(price !== undefined && { price: money(price, await tenant.currencyOf(ctx.tenantId)) }),
        updatedAt: isoNow(clock),
      };
      return storage.transaction(
        async (tx) => (await changeSku(tx, ctx, skuId, changes, "catalog.sku.updated")).sku,
      );
    },

    async setStock(ctx, skuId, stock) {
      requireCapability(ctx, "catalog.manage");
      const count = checkStockCount(stock);
      return storage.transaction(async (tx) => {
        const changes = { stock: count, updatedAt: isoNow(clock) };
        const { before, sku } = await changeSku(tx, ctx, skuId, changes, "catalog.sku.stock_set");
        const event = stockLowEvent(sku, before.stock, sku.stock);
        if (event) await recordEvents(tx, ctx, [event]);
        return sku;
      });
    },

    async setPolicy(ctx, productId, policy) {
      requireCapability(ctx, "catalog.manage");
      const checked = checkStockPolicy(policy);
      return withSettingsRace(async (tx) => {
        await productIn(tx, ctx, productId);
        const before = await tx.skus.getSettings(ctx.tenantId, productId);
        if (!before) throw notFound("sku settings of product", productId);
        if (before.policy === checked) return before;
        const settings = { ...before, policy: checked, updatedAt: isoNow(clock) };
        if (!(await tx.skus.replaceSettings(settings, before.dimensions))) throw new LostRace();
        await recordAudit(tx, ctx, {
          action: "catalog.product.sku_settings_updated",
          target: productTarget(productId),
          changes: updatedChanges(before, settings, ["policy"]),
        });
        return settings;
      });
    },
  };
}
