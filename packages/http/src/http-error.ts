import type { ValidationIssue } from "@onecode/core";

/**
 * Error codes of the HTTP layer itself, next to core's `ERROR_CODES`: they
 * describe the request (its framing, route, credentials), not the domain.
 */
export const HTTP_ERROR_CODES = [
  /** The body is not valid UTF-8 JSON. */
  "MALFORMED_JSON",
  /** The body is larger than the handler's `maxBodyBytes` (JSON) or `maxUploadBytes` (uploads). */
  "PAYLOAD_TOO_LARGE",
  /** The body is not of a media type the route accepts (`application/json` for JSON routes). */
  "UNSUPPORTED_MEDIA_TYPE",
  /** A staff route was called without valid credentials. */
  "UNAUTHENTICATED",
  /** No route has this path. */
  "ROUTE_NOT_FOUND",
  /** The path exists but not with this method; `details.allow` lists the methods it has. */
  "METHOD_NOT_ALLOWED",
  /** An unexpected failure; the body never says more. */
  "INTERNAL",
] as const;

/** String-literal union of every {@link HTTP_ERROR_CODES} entry. */
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

/**
 * An error of the HTTP layer, turned into a problem response like core's
 * `OneCodeError`. Hosts may throw it from `authenticate`, e.g. to say why a
 * token was refused.
 *
 * @example
 * ```ts
 * throw new HttpError("UNAUTHENTICATED", "The access token has expired");
 * ```
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  /** Machine-readable reason; its status comes from `HTTP_ERROR_STATUS`. */
  readonly code: HttpErrorCode;
  /** Safe structured context, copied into the problem's `details`. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Per-field issues, copied into the problem's `errors`. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    code: HttpErrorCode,
    message: string,
    options: {
      details?: Record<string, unknown>;
      issues?: readonly ValidationIssue[];
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...options.details });
    this.issues = Object.freeze([...(options.issues ?? [])]);
  }
}
