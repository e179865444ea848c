import { InputCheck } from "../kernel/input-check.js";
import { paginate } from "../kernel/pagination.js";
import { requireCapability } from "../kernel/permissions/access-check.js";
import type { TenantContext } from "../kernel/tenant.js";
import type { CodePackageStatus, CodeRecord } from "./code-package.js";
import type { CodePackageService } from "./code-services.js";
import { uploadCodes } from "./code-upload.js";
import { type CodesRuntime, requirePackage } from "./codes-runtime.js";
import { checkLevel, exportPackageCsv, printUrls, requireReady, urlOf } from "./csv-export.js";
import { createGenerationJob } from "./generation-job.js";
import { requeueFailedJob } from "./job-retry.js";
import { jobRunner } from "./job-runner.js";
import { waitForFinal, watchPackage } from "./package-watch.js";

/** The package statuses, for validation and schemas. */
export const CODE_PACKAGE_STATUSES: readonly CodePackageStatus[] = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "validating",
  "rejected",
];

/** Bounds of `codePackages.listCodes`. */
export const CODE_LISTING_LIMITS = Object.freeze({ defaultLimit: 1000, maxLimit: 10_000 });

function checkListing(query: { afterSerial?: number; limit?: number; level?: unknown }) {
  const check = new InputCheck();
  const afterSerial = query.afterSerial ?? 0;
  if (!Number.isSafeInteger(afterSerial) || afterSerial < 0) {
    check.fail("afterSerial", "non_negative_integer", "afterSerial must be an integer >= 0");
  }
  const { defaultLimit, maxLimit } = CODE_LISTING_LIMITS;
  const limit = query.limit ?? defaultLimit;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxLimit) {
    check.fail("limit", "range", `limit must be an integer from 1 to ${maxLimit}`);
  }
  check.done();
  return { afterSerial, limit, level: checkLevel(query.level) };
}

/** How long `codeUrl` reuses a package's URL prefix, so per-code calls stay cheap. */
const PREFIX_MEMO_MS = 10_000;
const PREFIX_MEMO_SIZE = 100;

/**
 * Builds the code package use cases. Generating, uploading and running jobs
 * need `codes.manage`; reading and watching packages `codes.read`; reading
 * their codes (listing, CSV export, URLs) `codes.export`.
 */
export function codePackageService(runtime: CodesRuntime): CodePackageService {
  const { storage, clock } = runtime.ports;
  const runner = jobRunner(runtime);
  const prefixes = new Map<string, { prefix: Promise<string>; until: number }>();

  /**
   * The URL prefix of a package's generated codes (its merchant's first
   * prefix), looked up once per package for a few seconds, also when many
   * calls arrive at once.
   */
  const prefixOf = (ctx: TenantContext, packageId: string): Promise<string> => {
    const key = `${ctx.tenantId}\u0000${packageId}`;
    const memo = prefixes.get(key);
    if (memo && memo.until > clock.nowMs()) return memo.prefix;
    const prefix = (async () => {
      const pkg = await requirePackage(runtime, ctx.tenantId, packageId);
      const merchant = await storage.merchants.get(ctx.tenantId, pkg.merchantId);
      return merchant?.urlPrefixes[0] ?? "";
    })();
    prefixes.delete(key);
    if (prefixes.size >= PREFIX_MEMO_SIZE) prefixes.delete(prefixes.keys().next().value as string);
    prefixes.set(key, { prefix, until: clock.nowMs() + PREFIX_MEMO_MS });
    prefix.catch(() => prefixes.delete(key));
    return prefix;
  };

  return {
    async generate(ctx, input) {
      const pkg = await createGenerationJob(runtime, ctx, input);
      if (runtime.options.autoRun) runner.start(ctx.tenantId, pkg.id);
      return pkg;
    },
    upload: (ctx, input) => uploadCodes(runtime, ctx, input),
    async get(ctx, id) {
      requireCapability(ctx, "codes.read");
      return requirePackage(runtime, ctx.tenantId, id);
    },
    async list(ctx, filter = {}, page) {
      requireCapability(ctx, "codes.read");
      const check = new InputCheck();
      const merchantId =
        filter.merchantId === undefined
          ? undefined
          : check.text("merchantId", filter.merchantId, { max: 64 });
      const status =
        filter.status === undefined
          ? undefined
          : check.oneOf("status", filter.status, CODE_PACKAGE_STATUSES);
      check.done();
      return paginate(page, (query) =>
        storage.codePackages.list(
          ctx.tenantId,
          {
            ...(merchantId !== undefined && { merchantId }),
            ...(status !== undefined && { status }),
          },
          query,
        ),
      );
    },
    // Generators, so a refused role surfaces on iteration like every other failure.
    async *watch(ctx, id, options) {
      requireCapability(ctx, "codes.read");
      yield* watchPackage(runtime, ctx.tenantId, id, options);
    },
    async waitFor(ctx, id, options) {
      requireCapability(ctx, "codes.read");
      return waitForFinal(runtime, ctx.tenantId, id, options);
    },
    runJob: runner.runJob,
    resumeUnfinished: runner.resumeUnfinished,
    async retry(ctx, id) {
      const pkg = await requeueFailedJob(runtime, ctx, id);
      if (runtime.options.autoRun) runner.start(ctx.tenantId, pkg.id);
      return pkg;
    },
    async listCodes(ctx, id, query = {}) {
      requireCapability(ctx, "codes.export");
      const { afterSerial, limit, level } = checkListing(query);
      const pkg = await requirePackage(runtime, ctx.tenantId, id);
      // Rows of a running job are final once written, so they can be read early.
      requireReady(pkg, ["succeeded", "running"]);
      const rows = await storage.codePackages.listCodes(ctx.tenantId, id, {
        afterSerial,
        limit: limit + 1,
        ...(level !== undefined && { level }),
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextAfterSerial: rows.length > limit && last ? last.serial : null };
    },
    async *exportCsv(ctx, id, options) {
      requireCapability(ctx, "codes.export");
      yield* exportPackageCsv(runtime, ctx, id, options);
    },
    async codeUrl(ctx, record: CodeRecord, options = {}) {
      requireCapability(ctx, "codes.export");
      if (options.url === undefined || options.url === "code_url") {
        if (record.url !== null) return record.url;
        return urlOf(record, await prefixOf(ctx, record.packageId));
      }
      const urls = await printUrls(runtime, ctx.tenantId, record.packageId, options.url, () =>
        prefixOf(ctx, record.packageId),
      );
      return urls(record);
    },
  };
}
