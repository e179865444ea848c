import type { CodeRange } from "../src/trace/distribution/distribution.js";
import type { AggregationChange, SerialSegment } from "../src/trace/lifecycle/aggregation.js";
import type { CodeLifecycleEntry } from "../src/trace/lifecycle/code-lifecycle.js";
import { freshId } from "./fixtures.js";

const AT = "2026-01-01T00:00:00.000Z";

/** An active `void` entry (reason `misprint`) over `range`. */
export function lifecycleEntryRecord(
  tenantId: string,
  range: CodeRange,
  overrides: Partial<CodeLifecycleEntry> = {},
): CodeLifecycleEntry {
  return {
    id: freshId("lcy"),
    tenantId,
    kind: "void",
    reason: "misprint",
    note: "印刷错误 'quoted'",
    consumerMessage: null,
    range,
    code: null,
    documentId: null,
    createdBy: "staff-1",
    createdAt: AT,
    restoredBy: null,
    restoredAt: null,
    ...overrides,
  };
}

/** A history entry: `children` left (`unpack`) or joined (`pack`) the code at `parentSerial`. */
export function aggregationChangeRecord(
  tenantId: string,
  packageId: string,
  parentSerial: number,
  children: SerialSegment,
  overrides: Partial<AggregationChange> = {},
): AggregationChange {
  return {
    id: freshId("agg"),
    tenantId,
    operationId: "aggop-1",
    action: "unpack",
    packageId,
    parentSerial,
    parentCode: `C-${parentSerial}`,
    children,
    documentId: null,
    note: "",
    actorId: "staff-1",
    at: AT,
    ...overrides,
  };
}
