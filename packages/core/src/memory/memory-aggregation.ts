import type { AggregationLink } from "../trace/lifecycle/aggregation.js";
import type { AggregationRepository } from "../trace/lifecycle/ports.js";
import type { MemoryLifecycleTables } from "./memory-lifecycle-tables.js";
import type { MemoryHoldings } from "./memory-stock-index.js";
import type { UndoLog } from "./memory-table.js";

/** The memory repository of aggregation links and history. */
export function memoryAggregationRepository(
  tables: MemoryLifecycleTables,
  holdings: MemoryHoldings,
  undo: UndoLog | null,
): AggregationRepository {
  return {
    async linksAround(tenantId, packageId, segments) {
      const within = (serial: number | null) =>
        serial !== null &&
        segments.some((segment) => segment.fromSerial <= serial && serial <= segment.toSerial);
      const links: AggregationLink[] = [];
      for (const [serial, parentSerial] of tables.links(tenantId, packageId)) {
        if (within(serial) || within(parentSerial)) links.push({ serial, parentSerial });
      }
      links.sort((a, b) => a.serial - b.serial);
      return { version: tables.aggregationVersions.get(tenantId, packageId), links };
    },
    async apply(tenantId, write) {
      const { packageId } = write;
      const version = tables.aggregationVersions.get(tenantId, packageId);
      if (version !== write.expectedVersion) return { outcome: "version_changed", version };
      const { serials, expectedHolder } = write.holders;
      const mismatched = serials.filter((serial) => {
        const holding = holdings.get(tenantId, packageId, serial);
        return expectedHolder === undefined
          ? holding !== null
          : holding === null || holding.enterpriseId !== expectedHolder;
      }).length;
      if (mismatched > 0) return { outcome: "holder_mismatch", mismatched };
      for (const relink of write.relinks) {
        const parent = relink.layoutParent ? undefined : relink.parentSerial;
        tables.setLink(tenantId, packageId, relink.serial, parent, undo);
      }
      for (const change of write.changes) tables.addChange(change, undo);
      const next = tables.aggregationVersions.increment(tenantId, packageId, undo);
      return { outcome: "applied", version: next };
    },
    async changesOfPackage(tenantId, packageId, page) {
      return tables
        .changes(tenantId, packageId)
        .slice(page.offset, page.offset + page.limit)
        .map((change) => structuredClone(change));
    },
    async changesOfCode(tenantId, packageId, serial) {
      return tables
        .changes(tenantId, packageId)
        .filter(
          ({ parentSerial, children }) =>
            parentSerial === serial ||
            (children.fromSerial <= serial && serial <= children.toSerial),
        )
        .map((change) => structuredClone(change));
    },
  };
}
