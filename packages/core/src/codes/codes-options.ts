import { invalidField } from "../kernel/errors.js";
import type { CodesOptions } from "./code-services.js";
import { checkTimeZone, DEFAULT_TIME_ZONE } from "./generation-moment.js";
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

/** Checks the options of the codes module and fills in the defaults. */
export function resolveCodesOptions(options: CodesOptions = {}): ResolvedCodesOptions {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  try {
    checkTimeZone(timeZone);
  } catch {
    throw invalidField(
      "codes.timeZone",
      "time_zone",
      "codes.timeZone must be an IANA time zone such as Asia/Shanghai",
    );
  }
  const printPrices = options.printPrices ?? DEFAULT_PRINT_PRICES;
  checkPrintPriceTable(printPrices);
  return {
    chunkSize: integerOption("chunkSize", options.chunkSize, 10_000, 1, 100_000),
    timeZone,
    autoRun: options.autoRun ?? true,
    jobLeaseMs: integerOption("jobLeaseMs", options.jobLeaseMs, 60_000, 1_000, 86_400_000),
    printPrices,
    pollMs: integerOption("pollMs", options.pollMs, 1_000, 1, 3_600_000),
    onJobError: options.onJobError ?? (() => {}),
  };
}
