import { deepFreeze } from "../../kernel/deep-freeze.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type { TraceBatch, TraceBatchStatus } from "../batches/trace-batch.js";
import type { CustomField } from "../custom-field.js";
import { batchCacheKey, type TraceRuntime } from "../trace-runtime.js";
import type { ScanProductionTask, ScanResult } from "./scan.js";
import type { ScanCountThresholds } from "./scan-count-alert.js";

/**
 * What every scan of a batch's codes shares, cached in hot state under
 * `trace:batch:<batchId>`. Inactive and frozen batches keep only their
 * status and packages: they show no trace information.
 */
export interface BatchPage {
  readonly version: number;
  readonly status: TraceBatchStatus;
  /** The batch's product, recorded with every scan of the batch's codes. */
  readonly productId: string;
  /** The batch's count-alert thresholds; `null`: the tenant's settings apply. */
  readonly countAlert: ScanCountThresholds | null;
  /** The packages bound to the batch, so a cached code resolution can be checked against them. */
  readonly packageIds: readonly string[];
  /**
   * The status versions of the bound packages whose codes were ever voided,
   * recalled or destroyed (absent: 0; the whole field is absent in pages
   * cached before it existed), so a cached code status can be checked.
   */
  readonly statusVersions?: Readonly<Record<string, number>>;
  readonly product: ScanResult["product"];
  readonly batch: ScanResult["batch"];
  readonly productionTasks: readonly ScanProductionTask[];
}

/** Effective production tasks shown per batch (the newest ones when there are more). */
export const SCAN_PAGE_TASKS_MAX = 200;

/** The custom fields consumers may see. */
export function visibleFields(fields: readonly CustomField[]): CustomField[] {
  return fields.filter((field) => field.showOnScan);
}

/**
 * What an active batch's page shows besides the batch row: the product (its
 * sealed snapshot once sealed) and the effective production tasks. Product
 * edits and task status changes do not move the batch's `version`, so a
 * page's freshness check reads these again (see {@link batchPageOf}).
 */
type ShownBesideBatch = Pick<BatchPage, "product" | "productionTasks">;

/** The storage a page is built from. */
type PageSources = Pick<
  StorageRepositories,
  "traceBatches" | "products" | "production" | "codeLifecycle"
>;

async function productAndTasks(
  storage: Pick<StorageRepositories, "products" | "production">,
  tenantId: string,
  batch: TraceBatch,
): Promise<ShownBesideBatch> {
  const [product, tasks] = await Promise.all([
    batch.sealedProduct ?? storage.products.get(tenantId, batch.productId),
    storage.production.listTasks(
      tenantId,
      { batchId: batch.id, status: "effective" },
      { limit: SCAN_PAGE_TASKS_MAX, beforeId: null },
    ),
  ]);
  return {
    product: product && {
      name: product.name,
      specification: product.specification,
      description: product.description,
      images: [...product.images],
      gtin: product.gtin,
    },
    productionTasks: tasks
      .sort((a, b) => (a.executedAt < b.executedAt ? -1 : a.executedAt > b.executedAt ? 1 : 0))
      .map((task) => ({
        name: task.name,
        executedAt: task.executedAt,
        personInCharge: task.personInCharge,
        line: task.line && {
          name: task.line.name,
          workshop: task.line.workshop,
          factory: task.line.factory,
        },
        customFields: visibleFields(task.customFields),
      })),
  };
}

/** Builds a batch's page data from storage. */
export async function buildBatchPage(
  storage: PageSources,
  tenantId: string,
  batch: TraceBatch,
): Promise<BatchPage> {
  const [packageIds, shown] = await Promise.all([
    storage.traceBatches.listPackages(tenantId, batch.id),
    batch.status === "active" ? productAndTasks(storage, tenantId, batch) : null,
  ]);
  const statusVersions = await storage.codeLifecycle.statusVersions(tenantId, packageIds);
  const page = {
    version: batch.version,
    status: batch.status,
    productId: batch.productId,
    countAlert: batch.countAlert,
    packageIds,
    statusVersions,
  };
  if (shown === null) return { ...page, product: null, batch: null, productionTasks: [] };
  return {
    ...page,
    product: shown.product,
    batch: {
      batchNumber: batch.batchNumber,
      productionDate: batch.productionDate,
      expiryDate: batch.expiryDate,
      customFields: visibleFields(batch.customFields),
      template: batch.template,
      sealed: batch.seal !== null,
    },
    productionTasks: shown.productionTasks,
  };
}

function sameVersions(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>> | undefined,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b ?? {}).length && keys.every((key) => a[key] === b?.[key]);
}

/**
 * True when storage, read now, would no longer give `page`: the batch is
 * gone or its `version` moved (its fields, status, packages or seal
 * changed), a bound package's codes changed status (void, recall,
 * destruction), or, while it is active, its product or effective tasks read
 * differently (changes that do not move the version).
 */
async function outdated(
  storage: PageSources,
  tenantId: string,
  batchId: string,
  page: BatchPage,
): Promise<boolean> {
  const [now, statusVersions] = await Promise.all([
    storage.traceBatches.get(tenantId, batchId),
    storage.codeLifecycle.statusVersions(tenantId, page.packageIds),
  ]);
  if (now?.version !== page.version) return true;
  if (!sameVersions(statusVersions, page.statusVersions)) return true;
  if (now.status !== "active") return false;
  const shown = await productAndTasks(storage, tenantId, now);
  return (
    JSON.stringify(shown.product) !== JSON.stringify(page.product) ||
    JSON.stringify(shown.productionTasks) !== JSON.stringify(page.productionTasks)
  );
}

/** A batch id no batch has, looked up for codes without a batch so every scan makes the same cache reads. */
const NO_BATCH = "-";

/** Page data parsed from cached text, reused while the cache holds the same text. */
function parsedPage(runtime: TraceRuntime, memoKey: string, text: string): BatchPage {
  const memo = runtime.parsedPages.get(memoKey);
  if (memo?.text === text) return memo.page;
  // Frozen: one parsed page answers many scans, none of which may change it for the others.
  const page = deepFreeze(JSON.parse(text) as BatchPage);
  runtime.parsedPages.set(memoKey, { text, page });
  return page;
}

/**
 * The batch's page data, from the hot-state cache or built from storage and
 * cached for `scanCacheTtlMs`. Every change a page shows deletes the entry
 * after committing. A page built while a change commits could be written
 * after that delete, so after writing it every input is read again (the
 * batch's `version`, its packages' status versions, and for an active batch
 * its product and effective tasks, which do not move the version) and the
 * entry is dropped when any
 * differs: either that read sees the change, or the change committed after
 * the write and its delete comes later. `batchId` `null` (no batch) reads a
 * key that never exists and answers `null`, the same cache round trip as a
 * hit. Storage is read only once `allowed` resolves (a scan's rate limit).
 */
export async function batchPageOf(
  runtime: TraceRuntime,
  tenantId: string,
  batchId: string | null,
  allowed?: Promise<unknown>,
): Promise<BatchPage | null> {
  const { cache } = runtime.ports.hotState;
  const { storage } = runtime.ports;
  const key = batchCacheKey(batchId ?? NO_BATCH);
  const cached = await cache.get(tenantId, key);
  if (cached !== null) return parsedPage(runtime, `${tenantId}\u0000${key}`, cached);
  if (batchId === null) return null;
  await allowed;
  const batch = await storage.traceBatches.get(tenantId, batchId);
  if (!batch) return null;
  const page = await buildBatchPage(storage, tenantId, batch);
  await cache.set(tenantId, key, JSON.stringify(page), runtime.options.scanCacheTtlMs);
  if (await outdated(storage, tenantId, batchId, page)) await cache.delete(tenantId, key);
  return page;
}
