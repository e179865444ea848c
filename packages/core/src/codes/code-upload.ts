import { countChanges, createdChanges, fieldChanges } from "../kernel/audit/audit-summary.js";
import { auditRecorder } from "../kernel/audit/record-audit.js";
import { isoNow } from "../kernel/clock.js";
import { isOneCodeError, notFound, OneCodeError } from "../kernel/errors.js";
import { InputCheck } from "../kernel/input-check.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CodePackage } from "./code-package.js";
import type { CodeUploadInput } from "./code-services.js";
import { type CodesRuntime, publishProgress, requirePackage } from "./codes-runtime.js";
import { requireCodeSource, requireMerchant, requireProductOf } from "./merchant-references.js";
import type { StagedCode, StagedConflicts } from "./ports.js";
import { UPLOAD_LIMITS, type UploadLineError, uploadLineReader } from "./upload-line-reader.js";

/** Counts every error and keeps the ones with the lowest line numbers, in line order. */
class UploadErrors {
  #count = 0;
  #kept: UploadLineError[] = [];

  get count(): number {
    return this.#count;
  }

  add(error: UploadLineError): void {
    this.#count++;
    this.#kept.push(error);
    if (this.#kept.length >= UPLOAD_LIMITS.maxReportedErrors * 2) this.#trim();
  }

  #trim(): void {
    this.#kept.sort((a, b) => a.line - b.line);
    this.#kept.length = Math.min(this.#kept.length, UPLOAD_LIMITS.maxReportedErrors);
  }

  /** Adds the staged lines whose code already exists, counting those storage did not list. */
  addConflicts(conflicts: StagedConflicts): void {
    for (const { line, code } of conflicts.lines) {
      this.add({
        line,
        rule: "code_exists",
        message: `line ${line}: the code ${code} already exists`,
      });
    }
    this.#count += conflicts.count - conflicts.lines.length;
  }

  list(): UploadLineError[] {
    this.#trim();
    return [...this.#kept];
  }
}

/**
 * Why an upload failed, for the package's `failureReason`, which users read:
 * core's own message, never the text of a driver or other library error
 * (the host's logs get the error itself, which is rethrown).
 */
function failureOf(error: unknown): string {
  return isOneCodeError(error) ? error.message : "unexpected error";
}

function isLineSource(value: unknown): value is AsyncIterable<string> | Iterable<string> {
  return (
    typeof value === "object" &&
    value !== null &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

function checkUploadInput(input: CodeUploadInput) {
  const check = new InputCheck();
  const merchantId = check.text("merchantId", input?.merchantId, { max: 64 });
  const productId =
    input?.productId === undefined || input.productId === null
      ? null
      : check.text("productId", input.productId, { max: 64 });
  const fileName = check.text("fileName", input?.fileName, { max: UPLOAD_LIMITS.fileNameMax });
  if (!isLineSource(input?.lines)) {
    check.fail("lines", "iterable", "lines must be an iterable or async iterable of strings");
  }
  check.done();
  return { merchantId, productId, fileName, lines: input.lines };
}

/**
 * Imports an external merchant's code URLs as a package. The whole file is
 * read and staged first; any malformed line, foreign prefix, repeated code
 * or code that already exists rejects the file as a whole (the package ends
 * `rejected`, nothing is imported) with `UPLOAD_REJECTED` listing lines,
 * all of them in one answer: codes that already exist are looked up in
 * storage once the file is staged, and checked again by the atomic commit.
 */
export async function uploadCodes(
  runtime: CodesRuntime,
  ctx: TenantContext,
  input: CodeUploadInput,
): Promise<CodePackage> {
  requireCapability(ctx, "codes.manage");
  const { merchantId, productId, fileName, lines } = checkUploadInput(input);
  const { storage, clock, ids } = runtime.ports;
  const merchant = await requireMerchant(runtime.ports, ctx, merchantId);
  requireCodeSource(merchant, "external", "Uploading codes");
  await requireProductOf(runtime.ports, ctx, productId, merchantId);
  const now = isoNow(clock);
  const pkg: CodePackage = {
    id: ids.newId("pkg"),
    tenantId: ctx.tenantId,
    merchantId,
    productId,
    source: "uploaded",
    codeType: "single",
    ratio: null,
    associated: false,
    rules: null,
    quantity: 0,
    total: 0,
    done: 0,
    status: "validating",
    failureReason: null,
    failureCode: null,
    hasSerials: false,
    reservedSequences: {},
    fileName,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  const recordAudit = auditRecorder(runtime.ports);
  const target = { type: "code_package", id: pkg.id };
  await storage.transaction(async (tx) => {
    const inserted = await tx.codePackages.insert(pkg);
    if (inserted.outcome === "product_not_found")
      throw notFound("product", productId ?? "", "productId");
    if (inserted.outcome !== "inserted") throw notFound("merchant", merchantId, "merchantId");
    await recordAudit(tx, ctx, {
      action: "codes.package.created",
      target,
      changes: createdChanges(pkg),
    });
  });
  publishProgress(runtime, pkg);

  let rejection: OneCodeError<"UPLOAD_REJECTED"> | undefined;
  try {
    const errors = await stageFile(runtime, pkg, merchant.urlPrefixes, lines);
    if (errors.count > 0) {
      // Rejected anyway: list the codes that already exist too, so one answer names every line.
      const limit = UPLOAD_LIMITS.maxReportedErrors;
      errors.addConflicts(await storage.codeUploads.findConflicts(ctx.tenantId, pkg.id, limit));
    } else {
      const result = await storage.transaction(async (tx) => {
        const commit = await tx.codeUploads.commit(
          ctx.tenantId,
          pkg.id,
          isoNow(clock),
          UPLOAD_LIMITS.maxReportedErrors,
        );
        if (commit.outcome === "committed" && productId !== null) {
          const bound = await tx.products.adjustBoundCodes(ctx.tenantId, productId, commit.total);
          if (bound === null) throw notFound("product", productId, "productId");
        }
        if (commit.outcome === "committed") {
          // One entry for the whole file: its code count, never the codes.
          await recordAudit(tx, ctx, {
            action: "codes.package.uploaded",
            target,
            changes: {
              ...fieldChanges({ status: { before: "validating", after: "succeeded" } }),
              ...countChanges({ codeCount: commit.total }),
            },
          });
        }
        return commit;
      });
      if (result.outcome === "committed") {
        const committed = await requirePackage(runtime, ctx.tenantId, pkg.id);
        publishProgress(runtime, committed);
        return committed;
      }
      // An invariant, not an input error: only this call moves a `validating` package on.
      if (result.outcome === "not_found") throw new Error(`upload package ${pkg.id} vanished`);
      errors.addConflicts(result);
    }
    rejection = await reject(runtime, ctx, pkg, errors);
    throw rejection;
  } catch (error) {
    // Anything else (the line source's own refusal included) still has to reject the package.
    if (error !== rejection) {
      await markRejected(runtime, ctx, pkg, `upload failed: ${failureOf(error)}`).catch(() => null);
    }
    throw error;
  }
}

/** Reads every line, stages the valid ones chunk by chunk, and collects the errors. */
async function stageFile(
  runtime: CodesRuntime,
  pkg: CodePackage,
  prefixes: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<UploadErrors> {
  const errors = new UploadErrors();
  const reader = uploadLineReader(prefixes);
  let batch: StagedCode[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const staged = await runtime.ports.storage.codeUploads.stage(pkg.tenantId, pkg.id, batch);
    batch = [];
    for (const { line, firstLine, code } of staged.duplicates) {
      errors.add({
        line,
        rule: "duplicate_in_file",
        message: `line ${line}: the code ${code} already appears on line ${firstLine}`,
      });
    }
  };
  let line = 0;
  let codeLines = 0;
  for await (const text of lines) {
    line++;
    const read = reader.read(String(text), line);
    if (read.kind === "skip") continue;
    if (++codeLines > UPLOAD_LIMITS.maxLines) {
      errors.add({
        line,
        rule: "max_lines",
        message: `line ${line}: a file may hold at most ${UPLOAD_LIMITS.maxLines.toLocaleString("en-US")} codes; split it into several uploads`,
      });
      break;
    }
    if (read.kind === "error") {
      errors.add({ line, rule: read.rule, message: read.message });
      continue;
    }
    batch.push({ line, code: read.code, url: read.url });
    if (batch.length >= runtime.options.chunkSize) await flush();
  }
  await flush();
  if (codeLines === 0) {
    errors.add({ line: 0, rule: "empty_file", message: "the file holds no code lines" });
  }
  return errors;
}

/** Discards the staged rows and marks the package rejected with `reason`. */
async function markRejected(
  runtime: CodesRuntime,
  ctx: TenantContext,
  pkg: CodePackage,
  reason: string,
) {
  const { storage, clock } = runtime.ports;
  await storage.codeUploads.discard(pkg.tenantId, pkg.id);
  const now = isoNow(clock);
  const rejected = await storage.transaction(async (tx) => {
    const moved = await tx.codePackages.setStatus(pkg.tenantId, pkg.id, {
      from: ["validating"],
      to: "rejected",
      failureReason: reason,
      failureCode: "UPLOAD_REJECTED",
      updatedAt: now,
      finishedAt: now,
    });
    if (moved) {
      await auditRecorder(runtime.ports)(tx, ctx, {
        action: "codes.package.rejected",
        target: { type: "code_package", id: pkg.id },
        changes: fieldChanges({
          status: { before: "validating", after: "rejected" },
          failureReason: { after: reason },
        }),
      });
    }
    return moved;
  });
  if (rejected) publishProgress(runtime, rejected);
}

/** Rejects the file as a whole and builds the `UPLOAD_REJECTED` error. */
async function reject(
  runtime: CodesRuntime,
  ctx: TenantContext,
  pkg: CodePackage,
  errors: UploadErrors,
): Promise<OneCodeError<"UPLOAD_REJECTED">> {
  const listed = errors.list();
  const first = listed[0];
  const summary = `${errors.count} error(s)${first ? `; first: ${first.message}` : ""}`;
  await markRejected(runtime, ctx, pkg, summary.slice(0, 500));
  return new OneCodeError(
    "UPLOAD_REJECTED",
    `the file ${pkg.fileName} was rejected and nothing was imported: ${summary}`,
    { packageId: pkg.id, errorCount: errors.count, errors: listed },
  );
}
