import type { Product } from "../catalog/product.js";
import type { CodePackage } from "../codes/code-package.js";
import type {
  CodeCountRow,
  ScanCountFilter,
  ScanCountRow,
  StatisticsRepository,
  StatisticsWindow,
} from "../statistics/ports.js";
import type { CodeCounts } from "../statistics/statistics.js";
import type { TraceBatch } from "../trace/batches/trace-batch.js";
import type { ScanRecord } from "../trace/scans/scan.js";
import type { MemoryBindingRow } from "./memory-batch-tables.js";
import type { MemoryTable } from "./memory-table.js";

/** The memory tables statistics read. */
export interface MemoryStatisticsTables {
  readonly scans: MemoryTable<ScanRecord>;
  readonly products: MemoryTable<Product>;
  readonly packages: MemoryTable<CodePackage>;
  readonly bindings: MemoryTable<MemoryBindingRow>;
  readonly batches: MemoryTable<TraceBatch>;
}

/**
 * Where an instant falls in the window: `undefined` outside it, else the
 * bucket (`null` when the window has none).
 */
function bucketOf(window: StatisticsWindow, at: string): number | null | undefined {
  const ms = Date.parse(at);
  if (ms < Date.parse(window.from) || ms >= Date.parse(window.to)) return undefined;
  if (window.buckets === null) return null;
  let bucket = 0;
  while (
    bucket + 1 < window.buckets.length &&
    Date.parse(window.buckets[bucket + 1] as string) <= ms
  )
    bucket += 1;
  return bucket;
}

function matches(scan: ScanRecord, filter: ScanCountFilter, merchantProducts: Set<string> | null) {
  return (
    (filter.productId === undefined || scan.productId === filter.productId) &&
    (filter.batchId === undefined || scan.batchId === filter.batchId) &&
    (filter.verdict === undefined || scan.verdict === filter.verdict) &&
    (filter.region === undefined || scan.region === filter.region) &&
    (merchantProducts === null || (scan.productId !== null && merchantProducts.has(scan.productId)))
  );
}

/** Adds `amount` to the group of `key` in `groups`, creating it from `row` first. */
function addTo<R extends object>(
  groups: Map<string, R>,
  key: object,
  row: () => R,
  add: (row: R) => R,
): void {
  const id = JSON.stringify(key);
  groups.set(id, add(groups.get(id) ?? row()));
}

/**
 * The memory statistics repository: the memory adapter is its own database,
 * so it groups the stored records in process.
 */
export function memoryStatisticsRepository(tables: MemoryStatisticsTables): StatisticsRepository {
  return {
    async scanCounts(tenantId, { window, groupBy, filter, limit }) {
      const merchantProducts =
        filter.merchantId === undefined
          ? null
          : new Set(
              tables.products
                .some(tenantId, (product) => product.merchantId === filter.merchantId)
                .map((product) => product.id),
            );
      const groups = new Map<string, ScanCountRow>();
      for (const scan of tables.scans.some(tenantId, () => true)) {
        const bucket = bucketOf(window, scan.scannedAt);
        if (bucket === undefined || !matches(scan, filter, merchantProducts)) continue;
        const key = {
          ...(bucket !== null && { bucket }),
          ...Object.fromEntries(groupBy.map((name) => [name, scan[name]])),
        };
        addTo(
          groups,
          key,
          () => ({ ...key, scans: 0 }),
          (row) => ({ ...row, scans: row.scans + 1 }),
        );
      }
      return [...groups.values()].slice(0, limit);
    },

    async codeCounts(tenantId, { window, byMerchant, merchantId, limit }) {
      const groups = new Map<string, CodeCountRow>();
      const count = (at: string | null, merchant: string, counts: Partial<CodeCounts>) => {
        if (at === null || (merchantId !== undefined && merchant !== merchantId)) return;
        // A batch activated without codes adds nothing, and no group is made for it.
        if (Object.values(counts).every((amount) => !amount)) return;
        const bucket = bucketOf(window, at);
        if (bucket === undefined) return;
        const key = {
          ...(bucket !== null && { bucket }),
          ...(byMerchant && { merchantId: merchant }),
        };
        addTo(
          groups,
          key,
          () => ({ ...key, generated: 0, uploaded: 0, bound: 0, activated: 0 }),
          (row) => ({
            ...row,
            generated: row.generated + (counts.generated ?? 0),
            uploaded: row.uploaded + (counts.uploaded ?? 0),
            bound: row.bound + (counts.bound ?? 0),
            activated: row.activated + (counts.activated ?? 0),
          }),
        );
      };
      for (const pkg of tables.packages.some(tenantId, (row) => row.status === "succeeded")) {
        count(pkg.finishedAt, pkg.merchantId, { [pkg.source]: pkg.total });
      }
      for (const binding of tables.bindings.some(tenantId, () => true)) {
        const batch = tables.batches.get(tenantId, binding.batchId);
        if (batch) count(binding.boundAt, batch.merchantId, { bound: binding.codeCount });
      }
      for (const batch of tables.batches.some(tenantId, (row) => row.activatedAt !== null)) {
        count(batch.activatedAt, batch.merchantId, { activated: batch.codeCount });
      }
      return [...groups.values()].slice(0, limit);
    },
  };
}
