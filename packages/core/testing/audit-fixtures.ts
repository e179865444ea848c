import type { AuditEntry } from "../src/kernel/audit/audit-entry.js";
import { freshId } from "./fixtures.js";

/** A complete audit entry for repository-level tests; a fresh id unless overridden. */
export function auditEntryRecord(
  tenantId: string,
  overrides: Partial<AuditEntry> = {},
): AuditEntry {
  return {
    id: freshId("aud"),
    tenantId,
    actor: { kind: "staff", id: "alice" },
    action: "catalog.merchant.updated",
    target: { type: "merchant", id: "mch_1" },
    at: "2026-03-01T08:00:00.000Z",
    changes: {
      name: { before: "旧 Old", after: "新 New" },
      urlPrefixes: { after: ["https://t.example.com/c/"] },
    },
    ...overrides,
  };
}
