import { createdChanges } from "../kernel/audit/audit-summary.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { invalidField, notFound, OneCodeError } from "../kernel/errors.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type {
  CodeLevel,
  CodePackage,
  NewGenerationInput,
  PackagingKey,
  PackagingKeys,
} from "./code-package.js";
import type { CodeRule } from "./code-rule.js";
import { type CodesRuntime, publishProgress } from "./codes-runtime.js";
import { type CheckedGeneration, checkGenerationInput } from "./generation-input-check.js";
import { requireCodeSource, requireMerchant, requireProductOf } from "./merchant-references.js";
import { levelsOf, ruleIdOfLevel } from "./package-layout.js";
import { type PackagingLevel, requireGtinVariants } from "./packaging-key-check.js";
import type { CodePackageRepository } from "./ports.js";

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
 * The stored GS1 keys of the packaging levels: GTINs as asked, SSCC levels
 * with a range of serial references reserved for their codes (one per code,
 * in the level's code order). `SEQUENCE_EXHAUSTED` when the company prefix
 * and extension digit have too few references left.
 */
async function reservePackagingKeys(
  packages: CodePackageRepository,
  tenantId: string,
  job: CheckedGeneration,
): Promise<PackagingKeys | undefined> {
  const keys: Partial<Record<PackagingLevel, PackagingKey>> = {};
  for (const level of ["outer", "middle"] as const) {
    const key = job.packagingKeys[level];
    if (!key) continue;
    if ("gtin" in key) {
      keys[level] = { kind: "gtin", gtin: key.gtin };
      continue;
    }
    const needed = job.layout.counts[level];
    const reservation = await packages.reserveSsccReferences(tenantId, key.sscc, needed);
    if (reservation.outcome === "exhausted") {
      const { companyPrefix, extensionDigit } = key.sscc;
      throw new OneCodeError(
        "SEQUENCE_EXHAUSTED",
        `SSCC company prefix ${companyPrefix} with extension digit ${extensionDigit} has ${reservation.remaining} serial reference(s) left, but packagingKeys.${level} needs ${needed}`,
        {
          field: `packagingKeys.${level}.sscc`,
          companyPrefix,
          extensionDigit,
          needed,
          remaining: reservation.remaining,
        },
      );
    }
    keys[level] = { kind: "sscc", ...key.sscc, firstReference: reservation.first };
  }
  return Object.keys(keys).length > 0 ? keys : undefined;
}

/**
 * Creates a generation job: checks the input, the merchant (platform), the
 * rules (same merchant, enabled) and the product (same merchant, and the
 * base of any packaging GTIN), then in one storage transaction reserves
 * every sequence value and SSCC serial reference the job needs,
 * inserts the queued package and counts its codes on the product.
 */
export async function createGenerationJob(
  runtime: CodesRuntime,
  ctx: TenantContext,
  input: NewGenerationInput,
): Promise<CodePackage> {
  requireCapability(ctx, "codes.manage");
  const job = checkGenerationInput(input);
  const { storage, clock, ids } = runtime.ports;
  const merchant = await requireMerchant(runtime.ports, ctx, job.merchantId);
  requireCodeSource(merchant, "platform", "Generating codes");
  const rules = await loadRules(runtime, ctx, job);
  const product = await requireProductOf(runtime.ports, ctx, job.productId, job.merchantId);
  requireGtinVariants(job.packagingKeys, product);

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
    const packagingKeys = await reservePackagingKeys(tx.codePackages, ctx.tenantId, job);
    const created: CodePackage = {
      ...base,
      reservedSequences,
      ...(packagingKeys !== undefined && { packagingKeys }),
    };
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
    await auditRecorder(runtime.ports)(tx, ctx, {
      action: "codes.package.created",
      target: { type: "code_package", id: created.id },
      changes: createdChanges(created),
    });
    return created;
  });
  publishProgress(runtime, pkg);
  return pkg;
}
