import { isoNow } from "../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../kernel/errors.js";
import { requireRole, type TenantContext } from "../kernel/tenant.js";
import type { CodeLevel, CodePackage, NewGenerationInput } from "./code-package.js";
import type { CodeRule } from "./code-rule.js";
import { type CodesRuntime, publishProgress } from "./codes-runtime.js";
import { type CheckedGeneration, checkGenerationInput } from "./generation-input-check.js";
import { requireCodeSource, requireMerchant, requireProductOf } from "./merchant-references.js";
import { levelsOf, ruleIdOfLevel } from "./package-layout.js";

/** Field names of the rule inputs, for error messages. */
const RULE_FIELD: Record<CodeLevel, string> = {
  item: "rules.item",
  inner: "rules.item",
  middle: "rules.middle",
  outer: "rules.outer",
};

/** Loads and checks every rule the job uses: it exists, belongs to the merchant, is enabled. */
async function loadRules(
  runtime: CodesRuntime,
  ctx: TenantContext,
  job: CheckedGeneration,
): Promise<Map<string, CodeRule>> {
  const rules = new Map<string, CodeRule>();
  // Item level first, so a rule that also serves a level by default is named by `rules.item`.
  for (const level of [...levelsOf(job.codeType)].reverse()) {
    const id = ruleIdOfLevel(job.rules, level);
    if (rules.has(id)) continue;
    const field = RULE_FIELD[level];
    const rule = await runtime.ports.storage.codeRules.get(ctx.tenantId, id);
    if (!rule) {
      throw notFound("code rule", id, field);
    }
    if (rule.merchantId !== job.merchantId) {
      throw invalidField(
        field,
        "rule_merchant",
        `${field} must be a rule of merchant ${job.merchantId}`,
      );
    }
    if (!rule.enabled) {
      throw new OneCodeError(
        "CODE_RULE_DISABLED",
        `code rule ${id} is disabled and cannot generate; enable it first`,
        { id, field },
      );
    }
    rules.set(id, rule);
  }
  return rules;
}

/** How many codes of the job each rule generates. */
function codesPerRule(job: CheckedGeneration): Map<string, number> {
  const counts = new Map<string, number>();
  for (const level of levelsOf(job.codeType)) {
    const id = ruleIdOfLevel(job.rules, level);
    counts.set(id, (counts.get(id) ?? 0) + job.layout.counts[level]);
  }
  return counts;
}

/**
 * Creates a generation job: checks the input, the merchant (platform), the
 * rules (same merchant, enabled) and the product (same merchant), then in
 * one storage transaction reserves every sequence value the job needs,
 * inserts the queued package and counts its codes on the product.
 */
export async function createGenerationJob(
  runtime: CodesRuntime,
  ctx: TenantContext,
  input: NewGenerationInput,
): Promise<CodePackage> {
  requireRole(ctx, "admin");
  const job = checkGenerationInput(input);
  const { storage, clock, ids } = runtime.ports;
  const merchant = await requireMerchant(runtime.ports, ctx, job.merchantId);
  requireCodeSource(merchant, "platform", "Generating codes");
  const rules = await loadRules(runtime, ctx, job);
  await requireProductOf(runtime.ports, ctx, job.productId, job.merchantId);

  const now = isoNow(clock);
  const base: CodePackage = {
    id: ids.newId("pkg"),
    tenantId: ctx.tenantId,
    merchantId: job.merchantId,
    productId: job.productId,
    source: "generated",
    codeType: job.codeType,
    ratio: job.ratio,
    associated: job.associated,
    rules: job.rules,
    quantity: job.quantity,
    total: job.layout.total,
    done: 0,
    status: "queued",
    failureReason: null,
    failureCode: null,
    hasSerials: [...rules.values()].every((rule) => rule.serials),
    reservedSequences: {},
    fileName: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };

  const pkg = await storage.transaction(async (tx) => {
    const reservedSequences: Record<string, readonly [number, number]> = {};
    for (const [ruleId, count] of codesPerRule(job)) {
      if (!rules.get(ruleId)?.segments.some((segment) => segment.kind === "sequence")) continue;
      const reservation = await tx.codeRules.reserveSequence(ctx.tenantId, ruleId, count);
      if (reservation.outcome === "exhausted") {
        throw new OneCodeError(
          "SEQUENCE_EXHAUSTED",
          `code rule ${ruleId} has ${reservation.remaining} sequence value(s) left, but the job needs ${count}`,
          { ruleId, needed: count, remaining: reservation.remaining },
        );
      }
      if (reservation.outcome === "not_found") throw notFound("code rule", ruleId);
      reservedSequences[ruleId] = [reservation.first, reservation.last];
    }
    const created: CodePackage = { ...base, reservedSequences };
    const inserted = await tx.codePackages.insert(created);
    if (inserted.outcome === "merchant_not_found") {
      throw notFound("merchant", job.merchantId, "merchantId");
    }
    if (inserted.outcome === "product_not_found")
      throw notFound("product", job.productId ?? "", "productId");
    if (inserted.outcome === "rule_not_found") throw notFound("code rule", job.rules.item);
    if (job.productId !== null) {
      const bound = await tx.products.adjustBoundCodes(ctx.tenantId, job.productId, created.total);
      if (bound === null) throw notFound("product", job.productId, "productId");
    }
    return created;
  });
  publishProgress(runtime, pkg);
  return pkg;
}
