import type { CodeRule } from "../codes/code-rule.js";
import type { CodeRuleRepository } from "../codes/ports.js";
import type { MemoryCodesTables } from "./memory-codes.js";
import type { UndoLog } from "./memory-table.js";

/** The memory code-rule repository. */
export function memoryCodeRuleRepository(
  tables: MemoryCodesTables,
  undo: UndoLog | null,
): CodeRuleRepository {
  const { merchants, rules, packages } = tables;
  const packagesUsing = (tenantId: string, ruleId: string) =>
    packages.some(
      tenantId,
      (pkg) =>
        pkg.rules !== null &&
        (pkg.rules.item === ruleId || pkg.rules.middle === ruleId || pkg.rules.outer === ruleId),
    ).length;
  return {
    async insert(rule) {
      if (!merchants.get(rule.tenantId, rule.merchantId)) return { outcome: "merchant_not_found" };
      if (rules.get(rule.tenantId, rule.id)) throw new Error(`duplicate code rule id ${rule.id}`);
      rules.put(rule, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return rules.get(tenantId, id);
    },
    async list(tenantId, filter, page) {
      const matches = (rule: CodeRule) =>
        filter.merchantId === undefined || rule.merchantId === filter.merchantId;
      return rules.list(tenantId, matches, page.beforeId, page.limit);
    },
    async update(tenantId, id, changes) {
      const current = rules.get(tenantId, id);
      if (!current) return null;
      const next: CodeRule = {
        ...current,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.enabled !== undefined && { enabled: changes.enabled }),
        updatedAt: changes.updatedAt,
      };
      rules.put(next, undo);
      return structuredClone(next);
    },
    async delete(tenantId, id) {
      if (!rules.get(tenantId, id)) return { outcome: "not_found" };
      const packageCount = packagesUsing(tenantId, id);
      if (packageCount > 0) return { outcome: "in_use", packageCount };
      rules.remove(tenantId, id, undo);
      return { outcome: "deleted" };
    },
    async reserveSequence(tenantId, id, count) {
      if (!Number.isSafeInteger(count) || count < 1) {
        throw new RangeError("reserveSequence needs a positive integer count");
      }
      const rule = rules.get(tenantId, id);
      if (!rule) return { outcome: "not_found" };
      const sequence = rule.segments.find((segment) => segment.kind === "sequence");
      if (!sequence || rule.sequenceNext === null) return { outcome: "exhausted", remaining: 0 };
      const remaining = Math.max(0, sequence.end - rule.sequenceNext + 1);
      if (remaining < count) return { outcome: "exhausted", remaining };
      const first = rule.sequenceNext;
      rules.put({ ...rule, sequenceNext: first + count }, undo);
      return { outcome: "reserved", first, last: first + count - 1 };
    },
  };
}
