import type { Page, PageRequest } from "../kernel/pagination.js";
import type { TenantContext } from "../kernel/tenant.js";
import type {
  CodeLevel,
  CodePackage,
  CodePackageProgress,
  CodePackageStatus,
  CodeRecord,
  NewGenerationInput,
} from "./code-package.js";
import type {
  CodeRule,
  CodeRulePatchInput,
  NewCustomRuleInput,
  NewQuickRuleInput,
} from "./code-rule.js";
import type { PrintPriceTable } from "./print-order.js";

/** Options of the codes module, under `createOneCode({ codes })`. */
export interface CodesOptions {
  /** Codes per chunk written in one storage round trip (default 10,000). */
  readonly chunkSize?: number;
  /**
   * The deployment's default IANA time zone (default `Asia/Shanghai`): of
   * `date` segments, stock document numbers, EPCIS offsets and statistics
   * periods for a tenant whose settings name no zone of their own.
   */
  readonly timeZone?: string;
  /** Start generation jobs in the background as soon as they are created (default `true`). */
  readonly autoRun?: boolean;
  /** Lease of a running job's lock in ms, renewed every chunk (default 60,000). */
  readonly jobLeaseMs?: number;
  /** The print price table (default `DEFAULT_PRINT_PRICES`). */
  readonly printPrices?: PrintPriceTable;
  /**
   * How often `watch` (unless given its own `pollMs`) and a `runJob` waiting
   * on another process read storage, in ms (default 1,000).
   */
  readonly pollMs?: number;
  /**
   * First wait before a job retries after storage or hot state became
   * unreachable (`SERVICE_UNAVAILABLE`), in ms (default 500). Each further
   * failure without progress doubles it, up to `jobRetryMaxMs`; a random
   * part of up to half spreads the retries of many jobs. Waits are measured
   * on the clock port.
   */
  readonly jobRetryMinMs?: number;
  /** Longest wait between a job's retries, in ms (default 60,000). Jobs keep retrying as long as the cause is an outage. */
  readonly jobRetryMaxMs?: number;
  /**
   * How many jobs `resumeUnfinished` works on at once (default 4). Each
   * takes turns of a few chunks, so every unfinished job makes progress,
   * however many there are.
   */
  readonly jobConcurrency?: number;
  /**
   * A name for this process that stays the same when it restarts (a host
   * name, a pod's stable name, a file in the data directory) and that no two
   * live processes share. Jobs record it with their lock, so after a crash
   * the restarted process takes its own interrupted jobs over at once
   * instead of waiting for their lease (`jobLeaseMs`) to run out. Without
   * it, interrupted jobs resume once their lease ran out.
   */
  readonly instanceId?: string;
  /**
   * Told about errors of jobs running in the background (`autoRun`,
   * `resumeUnfinished`): an outage (`SERVICE_UNAVAILABLE`) once when a job
   * starts waiting for it (the job retries by itself), an unexpected error
   * that failed a job (its `failureReason` only says "internal error"), or
   * one that stopped a run before it could record anything (the job stays
   * resumable). Defaults to ignoring them.
   */
  readonly onJobError?: (error: unknown, job: { tenantId: string; packageId: string }) => void;
}

/** Code rule use cases (`onecode.codeRules`). Reads need `codes.read`, writes `codes.manage`. */
export interface CodeRuleService {
  /**
   * Creates a quick rule (one random segment) of a platform merchant.
   *
   * @example
   * ```ts
   * const rule = await onecode.codeRules.createQuick(ctx, {
   *   merchantId: merchant.id,
   *   charset: "mixed",
   *   length: 24,
   *   serials: true,
   * });
   * ```
   */
  createQuick(ctx: TenantContext, input: NewQuickRuleInput): Promise<CodeRule>;
  /** Creates a custom rule; every segment bound is checked and named in the error. */
  createCustom(ctx: TenantContext, input: NewCustomRuleInput): Promise<CodeRule>;
  get(ctx: TenantContext, id: string): Promise<CodeRule>;
  list(
    ctx: TenantContext,
    filter?: { merchantId?: string },
    page?: PageRequest,
  ): Promise<Page<CodeRule>>;
  /** Renames, enables or disables a rule. */
  update(ctx: TenantContext, id: string, patch: CodeRulePatchInput): Promise<CodeRule>;
  /** Deletes a rule that never generated; `CODE_RULE_IN_USE` otherwise. */
  delete(ctx: TenantContext, id: string): Promise<void>;
}

/** Input of `codePackages.upload`. */
export interface CodeUploadInput {
  /** An `external` merchant. */
  readonly merchantId: string;
  readonly productId?: string | null;
  readonly fileName: string;
  /**
   * The file's lines (CSV text already decoded and unzipped by the caller):
   * each a code URL, or OneCode's own text-package CSV with its header.
   */
  readonly lines: AsyncIterable<string> | Iterable<string>;
}

/**
 * Which URL print files carry: `code_url` (the default: the uploaded URL or
 * the merchant's prefix + code) or `digital_link` (the GS1 Digital Link with
 * lot, expiry and the code as `oc`; codes of a level without a GS1 key keep
 * their code URL).
 */
export type PrintUrlForm = "code_url" | "digital_link";

/** One page of a package's codes. */
export interface CodeListing {
  readonly items: CodeRecord[];
  /** Pass as `afterSerial` for the next page; `null` on the last page. */
  readonly nextAfterSerial: number | null;
}

/** Code package use cases (`onecode.codePackages`). */
export interface CodePackageService {
  /**
   * Creates a generation job (≤ 1,000,000 codes, all levels together) and,
   * unless `autoRun` is off, starts it in the background. Returns the queued
   * package at once; follow it with {@link CodePackageService.watch}.
   *
   * @example
   * ```ts
   * const pkg = await onecode.codePackages.generate(ctx, {
   *   merchantId: merchant.id,
   *   codeType: "three-level",
   *   ratio: { middlePerOuter: 2, innerPerOuter: 20 },
   *   rules: { item: rule.id },
   *   quantity: 1000, // outer units: 23,000 codes in all
   * });
   * for await (const progress of onecode.codePackages.watch(ctx, pkg.id)) {
   *   console.log(`${progress.done}/${progress.total} ${progress.status}`);
   * }
   * ```
   */
  generate(ctx: TenantContext, input: NewGenerationInput): Promise<CodePackage>;
  /**
   * Imports an external merchant's codes. The whole file is checked first; on
   * any malformed line, foreign prefix or duplicate (within the file or with
   * existing codes) it throws `UPLOAD_REJECTED` listing every such line in
   * one error (the first 100 by line; `details.errorCount` counts all), and
   * nothing is imported.
   *
   * @example
   * ```ts
   * const pkg = await onecode.codePackages.upload(ctx, {
   *   merchantId: external.id,
   *   fileName: "codes.txt",
   *   lines: ["https://own.example/q/A1", "https://own.example/q/A2"],
   * });
   * ```
   */
  upload(ctx: TenantContext, input: CodeUploadInput): Promise<CodePackage>;
  get(ctx: TenantContext, id: string): Promise<CodePackage>;
  list(
    ctx: TenantContext,
    filter?: { merchantId?: string; status?: CodePackageStatus },
    page?: PageRequest,
  ): Promise<Page<CodePackage>>;
  /**
   * Progress of a package: yields the current state at once, then every
   * change (in-process events, plus polling storage every `pollMs`, default
   * `CodesOptions.pollMs`, so jobs running in another process are seen), and
   * ends after a final state. Ends quietly when `signal` aborts.
   */
  watch(
    ctx: TenantContext,
    id: string,
    options?: { signal?: AbortSignal; pollMs?: number },
  ): AsyncIterable<CodePackageProgress>;
  /**
   * Resolves with the package once it reached a final state; rejects with the
   * signal's reason on abort.
   */
  waitFor(ctx: TenantContext, id: string, options?: { signal?: AbortSignal }): Promise<CodePackage>;
  /**
   * Runs (or resumes) a generation job in this process and resolves when it
   * finished. Does nothing but wait when another process holds the job, and
   * takes it over if that process's lease runs out. An outage of storage or
   * hot state is waited out (retrying with backoff), never recorded as a
   * failure. Needs `codes.manage`.
   */
  runJob(ctx: TenantContext, id: string): Promise<CodePackage>;
  /**
   * For schedulers: finds every queued or interrupted job of every tenant
   * (or the `limit` oldest) that no other runner holds, and works on
   * `codes.jobConcurrency` of them at a time in turns of a few chunks, so
   * every one makes progress; resolves once none is left, with how many it
   * worked on. With `codes.instanceId`, jobs this instance was running when
   * it died are taken over at once.
   */
  resumeUnfinished(options?: { limit?: number }): Promise<number>;
  /**
   * Operator retry of a failed generation job: `failed → queued`, failure
   * cleared, and (with `autoRun`) running again in the background, from its
   * last committed chunk; the codes written before it failed stay. Needs
   * `codes.manage`; `INVALID_STATE_TRANSITION` unless the package is a failed
   * generation job.
   *
   * @example
   * ```ts
   * const pkg = await onecode.codePackages.get(ctx, id);
   * if (pkg.status === "failed" && pkg.failureCode === null) {
   *   await onecode.codePackages.retry(ctx, id); // an internal error, fixed since
   * }
   * ```
   */
  retry(ctx: TenantContext, id: string): Promise<CodePackage>;
  /**
   * A page of the package's codes in serial order (limit 1-10,000, default
   * 1,000). Allowed for succeeded packages and for running jobs (the rows
   * written so far are final); `PACKAGE_NOT_READY` otherwise. Needs
   * `codes.export`: the codes are what a counterfeiter wants.
   */
  listCodes(
    ctx: TenantContext,
    id: string,
    query?: { afterSerial?: number; limit?: number; level?: CodeLevel },
  ): Promise<CodeListing>;
  /**
   * The text package (文字码包) as CSV, streamed page by page: header
   * `serial,level,code,url,parent_code`, one line per code (serial empty when
   * the package has none). Only for succeeded packages. With `url:
   * "digital_link"` the url column holds each code's GS1 Digital Link
   * (`VALIDATION_FAILED`, rule `gs1_key_required`, when no level of the
   * package has a GS1 key: its product has no GTIN). Needs `codes.export`.
   *
   * @example
   * ```ts
   * import { createWriteStream } from "node:fs";
   * import { Readable } from "node:stream";
   * import { pipeline } from "node:stream/promises";
   *
   * const csv = Readable.from(onecode.codePackages.exportCsv(ctx, pkg.id));
   * await pipeline(csv, createWriteStream("codes.csv"));
   * ```
   */
  exportCsv(
    ctx: TenantContext,
    id: string,
    options?: { level?: CodeLevel; url?: PrintUrlForm },
  ): AsyncIterable<string>;
  /**
   * The URL printed in a code's QR: its uploaded URL, or the merchant's first
   * prefix + code; with `url: "digital_link"` its GS1 Digital Link (as for
   * `exportCsv`). What it depends on is looked up once per package and
   * reused for a few seconds, so calling this for every code of a page is
   * cheap. Needs `codes.export`.
   */
  codeUrl(
    ctx: TenantContext,
    record: CodeRecord,
    options?: { url?: PrintUrlForm },
  ): Promise<string>;
}
