import { isOneCodeError, type ValidationIssue } from "@onecode/core";
import { HttpError } from "./http-error.js";
import { type HeadersLike, jsonResponse } from "./json-response.js";
import {
  ERROR_STATUS,
  HTTP_ERROR_STATUS,
  PROBLEM_TITLES,
  type ProblemCode,
  statusOfCode,
} from "./status-map.js";

/** The media type of every error response. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * One rejected line of an uploaded file (`UPLOAD_REJECTED`): the 1-based line
 * number, the rule it broke and a sentence naming both.
 */
export interface LineIssue {
  readonly line: number;
  /** Inside a ZIP upload: the entry the line belongs to (`line` then counts within it). */
  readonly file?: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * An RFC 9457 problem document, the body of every error response.
 *
 * @example
 * ```json
 * {
 *   "type": "urn:onecode:problem:validation-failed",
 *   "title": "The input is invalid",
 *   "status": 400,
 *   "detail": "Invalid input: name is required",
 *   "code": "VALIDATION_FAILED",
 *   "instance": "/v1/merchants",
 *   "errors": [{ "field": "name", "rule": "required", "message": "name is required" }]
 * }
 * ```
 */
export interface ProblemDetails {
  /** URI naming the kind of problem: `urn:onecode:problem:` and the code in kebab case. */
  readonly type: string;
  /** Short summary of the kind of problem; the same for every occurrence of a code. */
  readonly title: string;
  /** The HTTP status, repeated for convenience. */
  readonly status: number;
  /** Human explanation of this occurrence (core's error message; generic for 500). */
  readonly detail: string;
  /** Machine-readable reason to switch on. */
  readonly code: ProblemCode;
  /** The request path this problem occurred on. */
  readonly instance: string;
  /**
   * Each broken rule with the field it concerns (validation and body
   * problems), or with the line of the uploaded file (`UPLOAD_REJECTED`).
   */
  readonly errors?: readonly (ValidationIssue | LineIssue)[];
  /** Further safe structured context from the error, e.g. `productCount` or `allow`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The `type` URI of a problem code, e.g. `urn:onecode:problem:merchant-has-products`. */
export function problemType(code: ProblemCode): string {
  return `urn:onecode:problem:${code.toLowerCase().replaceAll("_", "-")}`;
}

interface KnownError {
  readonly code: ProblemCode;
  readonly status: number;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly issues: readonly unknown[];
}

/**
 * Recognises core and HTTP errors. Besides `instanceof`, it accepts an error
 * whose name and code match, so a second copy of `@onecode/core` (an ESM and
 * a CJS build loaded side by side) still maps to its status instead of 500.
 */
function knownError(error: unknown): KnownError | null {
  if (!(error instanceof Error)) return null;
  const candidate = error as Error & { code?: unknown; details?: unknown; issues?: unknown };
  const isCoreError =
    isOneCodeError(error) ||
    (error.name === "OneCodeError" &&
      typeof candidate.code === "string" &&
      Object.hasOwn(ERROR_STATUS, candidate.code));
  const isHttpError =
    error instanceof HttpError ||
    (error.name === "HttpError" &&
      typeof candidate.code === "string" &&
      Object.hasOwn(HTTP_ERROR_STATUS, candidate.code));
  if (!isCoreError && !isHttpError) return null;
  const code = candidate.code as ProblemCode;
  const status = statusOfCode(code);
  if (status === undefined || code === "INTERNAL") return null;
  const details = isRecord(candidate.details) ? candidate.details : {};
  const issues = isHttpError ? candidate.issues : details.issues;
  return {
    code,
    status,
    message: error.message,
    details,
    issues: Array.isArray(issues) ? issues : [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Copies only JSON values (no functions, errors, class instances or cycles) to a depth of 5. */
function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (depth >= 5 || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    return value.map((item) => jsonSafe(item, depth + 1)).filter((item) => item !== undefined);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const safe = jsonSafe(item, depth + 1);
    if (safe !== undefined) copy[key] = safe;
  }
  return copy;
}

function toIssues(values: readonly unknown[]): ValidationIssue[] {
  return values.filter(isRecord).map((issue) => ({
    field: String(issue.field ?? ""),
    rule: String(issue.rule ?? ""),
    message: String(issue.message ?? ""),
  }));
}

/** Line-numbered issues (core's `UPLOAD_REJECTED` `details.errors`); other entries are skipped. */
function toLineIssues(values: unknown): LineIssue[] {
  if (!Array.isArray(values)) return [];
  return values
    .filter((issue): issue is Record<string, unknown> => isRecord(issue))
    .filter((issue) => Number.isSafeInteger(issue.line))
    .map((issue) => ({
      line: issue.line as number,
      ...(typeof issue.file === "string" ? { file: issue.file } : {}),
      rule: String(issue.rule ?? ""),
      message: String(issue.message ?? ""),
    }));
}

function retryAfterSeconds(details: Readonly<Record<string, unknown>>): number | null {
  const { retryAfterSeconds: seconds, retryAfterMs: ms } = details;
  if (typeof seconds === "number" && Number.isFinite(seconds))
    return Math.max(0, Math.ceil(seconds));
  if (typeof ms === "number" && Number.isFinite(ms)) return Math.max(0, Math.ceil(ms / 1000));
  return null;
}

/** Response headers a problem of this code carries (RFC 9110 requires some of them). */
function problemHeaders(code: ProblemCode, details: Readonly<Record<string, unknown>>): Headers {
  const headers = new Headers();
  if (code === "UNAUTHENTICATED") headers.set("www-authenticate", "Bearer");
  if (code === "METHOD_NOT_ALLOWED" && Array.isArray(details.allow)) {
    headers.set("allow", details.allow.join(", "));
  }
  if (code === "RATE_LIMITED") {
    const seconds = retryAfterSeconds(details);
    if (seconds !== null) headers.set("retry-after", String(seconds));
  }
  // An unreachable backing service usually returns within seconds (a restart, a failover),
  // and contention passes as soon as the competing writes have landed.
  if (code === "SERVICE_UNAVAILABLE" || code === "BUSY") headers.set("retry-after", "1");
  return headers;
}

/** Builds the problem of a known error. */
function knownProblem(error: KnownError, instance: string): ProblemDetails {
  const { issues: _issues, ...rest }: Record<string, unknown> = error.details;
  const lineIssues = toLineIssues(rest.errors);
  if (lineIssues.length > 0) delete rest.errors;
  const details = jsonSafe(rest) as Record<string, unknown>;
  const errors = [...toIssues(error.issues), ...lineIssues];
  return {
    type: problemType(error.code),
    title: PROBLEM_TITLES[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    instance,
    ...(errors.length > 0 ? { errors } : {}),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/** The generic 500 problem: no message, no stack, nothing from the error. */
export function internalProblem(instance: string): ProblemDetails {
  return {
    type: problemType("INTERNAL"),
    title: PROBLEM_TITLES.INTERNAL,
    status: 500,
    detail: "An unexpected error occurred. It has been logged; retry later or contact support.",
    code: "INTERNAL",
    instance,
  };
}

/** Serialises a problem as an `application/problem+json` response. */
export function problemResponse(problem: ProblemDetails, headers?: HeadersLike): Response {
  return jsonResponse(problem, {
    status: problem.status,
    headers,
    contentType: PROBLEM_CONTENT_TYPE,
  });
}

/** A problem and the headers its response carries. */
export interface ProblemAnswer {
  readonly problem: ProblemDetails;
  readonly headers?: Headers;
}

/**
 * Turns anything thrown while handling a request into a problem.
 * `OneCodeError` and {@link HttpError} map through the status tables; any
 * other error becomes a generic 500 and is passed to `report` for logging.
 */
export function problemOf(
  error: unknown,
  instance: string,
  report: (error: unknown) => void,
): ProblemAnswer {
  const known = knownError(error);
  if (known) {
    return {
      problem: knownProblem(known, instance),
      headers: problemHeaders(known.code, known.details),
    };
  }
  try {
    report(error);
  } catch {
    // A failing logger must not turn a 500 into an unhandled rejection.
  }
  return { problem: internalProblem(instance) };
}

/**
 * Turns anything thrown while handling a request into a problem response
 * (see {@link problemOf}); unknown errors go to `onError`.
 */
export function errorResponse(
  error: unknown,
  request: Request,
  instance: string,
  onError?: (error: unknown, request: Request) => void,
): Response {
  const { problem, headers } = problemOf(error, instance, (cause) => onError?.(cause, request));
  return problemResponse(problem, headers);
}
