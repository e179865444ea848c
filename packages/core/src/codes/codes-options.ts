import { assertTimeZone } from "../kernel/calendar-periods.js";
import { invalidField } from "../kernel/errors.js";
import type { CodesOptions } from "./code-services.js";
import { DEFAULT_TIME_ZONE } from "./generation-moment.js";
import { DEFAULT_PRINT_PRICES, type PrintPriceTable } from "./print-order.js";
import { checkPrintPriceTable } from "./print-pricing.js";

/** {@link CodesOptions} with every default filled in. */
export interface ResolvedCodesOptions {
  readonly chunkSize: number;
  readonly timeZone: string;
  readonly autoRun: boolean;
  readonly jobLeaseMs: number;
  readonly printPrices: PrintPriceTable;
  readonly pollMs: number;
  readonly jobRetryMinMs: number;
  readonly jobRetryMaxMs: number;
  readonly jobConcurrency: number;
  readonly instanceId: string | null;
  readonly onJobError: (error: unknown, job: { tenantId: string; packageId: string }) => void;
}

function integerOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidField(
      `codes.${name}`,
      "range",
      `codes.${name} must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

const INSTANCE_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

function checkInstanceId(instanceId: string | undefined): string | null {
  if (instanceId === undefined) return null;
  if (typeof instanceId !== "string" || !INSTANCE_ID_PATTERN.test(instanceId)) {
    throw invalidField(
      "codes.instanceId",
      "instance_id",
      "codes.instanceId must be 1-128 printable ASCII characters without spaces",
    );
  }
  return instanceId;
}

/** Checks the options of the codes module and fills in the defaults. */
export function resolveCodesOptions(options: CodesOptions = {}): ResolvedCodesOptions {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone, "codes.timeZone");
  const printPrices = options.printPrices ?? DEFAULT_PRINT_PRICES;
  checkPrintPriceTable(printPrices);
  const jobRetryMinMs = integerOption("jobRetryMinMs", options.jobRetryMinMs, 500, 1, 600_000);
  const jobRetryMaxMs = integerOption(
    "jobRetryMaxMs",
    options.jobRetryMaxMs,
    Math.max(60_000, jobRetryMinMs),
    jobRetryMinMs,
    3_600_000,
  );
  return {
    chunkSize: integerOption("chunkSize", options.chunkSize, 10_000, 1, 100_000),
    timeZone,
    autoRun: options.autoRun ?? true,
    jobLeaseMs: integerOption("jobLeaseMs", options.jobLeaseMs, 60_000, 1_000, 86_400_000),
    printPrices,
    pollMs: integerOption("pollMs", options.pollMs, 1_000, 1, 3_600_000),
    jobRetryMinMs,
    jobRetryMaxMs,
    jobConcurrency: integerOption("jobConcurrency", options.jobConcurrency, 4, 1, 64),
    instanceId: checkInstanceId(options.instanceId),
    onJobError: options.onJobError ?? (() => {}),
  };
}
