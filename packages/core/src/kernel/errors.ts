import type { ErrorCode } from "./error-codes.js";
import type { ErrorDetails, ErrorDetailsArguments } from "./error-details.js";

/** One broken rule on one input field. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `name` or `images.2`. */
  readonly field: string;
  /** Short machine name of the rule, e.g. `max_length`, `required`, `url`. */
  readonly rule: string;
  /** Human sentence naming the field and the rule; never echoes secret values. */
  readonly message: string;
}

const ONECODE_ERROR_BRAND = Symbol.for("@onecode/core/OneCodeError");

/**
 * The one error class core throws. `code` is a literal union so callers can
 * switch exhaustively; `details` carries structured data (never secrets),
 * typed per code by {@link ErrorDetailsMap}: `isOneCodeError(error, "CODE")`
 * narrows it to that code's shape.
 *
 * @example
 * ```ts
 * try {
 *   await onecode.merchants.delete(ctx, id);
 * } catch (error) {
 *   if (isOneCodeError(error, "MERCHANT_HAS_PRODUCTS")) console.log(error.details.productCount);
 * }
 * ```
 */
export class OneCodeError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = "OneCodeError";
  /** Marks instances across copies of the package (an ESM and a CJS build loaded side by side). */
  readonly [ONECODE_ERROR_BRAND] = true;
  /** Machine-readable reason. */
  readonly code: C;
  /** Structured context of the code: ids, counts, limits, validation issues. */
  readonly details: Readonly<ErrorDetails<C>>;

  /**
   * @param code - Machine-readable reason.
   * @param message - Human sentence for logs and problem responses; never holds secrets.
   * @param rest - The code's details (see {@link ErrorDetailsMap}), then `{ cause }`.
   */
  constructor(code: C, message: string, ...rest: ErrorDetailsArguments<C>) {
    const [details, options] = rest;
    super(message, options);
    this.code = code;
    this.details = Object.freeze({ ...details }) as ErrorDetails<C>;
  }
}

/**
 * True when `error` is a {@link OneCodeError}, optionally with the given code.
 * Also recognises errors from another loaded copy of `@onecode/core`.
 */
export function isOneCodeError<C extends ErrorCode>(
  error: unknown,
  code?: C,
): error is OneCodeError<C> {
  const branded =
    error instanceof OneCodeError ||
    (typeof error === "object" &&
      error !== null &&
      (error as Record<symbol, unknown>)[ONECODE_ERROR_BRAND] === true);
  return branded && (code === undefined || (error as OneCodeError).code === code);
}

/** Builds the `VALIDATION_FAILED` error for a list of issues. */
export function validationError(
  issues: readonly ValidationIssue[],
): OneCodeError<"VALIDATION_FAILED"> {
  const summary = issues.map((issue) => issue.message).join("; ");
  return new OneCodeError("VALIDATION_FAILED", `Invalid input: ${summary}`, { issues });
}

/** Shorthand for a single-issue `VALIDATION_FAILED` error. */
export function invalidField(
  field: string,
  rule: string,
  message: string,
): OneCodeError<"VALIDATION_FAILED"> {
  return validationError([{ field, rule, message }]);
}

/**
 * `NOT_FOUND` for a record kind and id; `field` names the input that
 * referenced it (e.g. `productId`), when there was one.
 */
export function notFound(kind: string, id: string, field?: string): OneCodeError<"NOT_FOUND"> {
  return new OneCodeError("NOT_FOUND", `${kind} ${id} was not found`, {
    kind,
    id,
    ...(field !== undefined && { field }),
  });
}

/** Which backing service a {@link serviceUnavailable} error names: a service core reaches over the network. */
export type BackingService = "storage" | "hot_state" | "payment";

/**
 * `SERVICE_UNAVAILABLE` for a backing service that could not be reached.
 * Adapters throw it for connection-level failures (refused, reset,
 * terminated, timed out, server shutting down), keeping the driver's error as
 * `cause` for the host's logs: its text never becomes the message, so no
 * driver text reaches a user. Core treats it as transient (see
 * {@link isTransientFailure}).
 */
export function serviceUnavailable(
  service: BackingService,
  cause?: unknown,
): OneCodeError<"SERVICE_UNAVAILABLE"> {
  const what = { storage: "storage", hot_state: "hot state", payment: "the payment provider" }[
    service
  ];
  return new OneCodeError(
    "SERVICE_UNAVAILABLE",
    `${what} is unavailable; try again shortly`,
    { service },
    { cause },
  );
}

/** True for failures that retrying the same call later can fix: an unreachable storage, hot state or payment provider. */
export function isTransientFailure(error: unknown): boolean {
  return isOneCodeError(error, "SERVICE_UNAVAILABLE");
}
