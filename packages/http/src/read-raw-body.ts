import {
  checkDeclaredLength,
  limitedBodyStream,
  parseMediaType,
  readLimited,
} from "./body-limits.js";
import { HttpError } from "./http-error.js";

/** The default upload limit of `createHandler`: 64 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** A request body that is not JSON (a file upload), as a route declares it. */
export interface RawBodySpec {
  readonly description: string;
  /**
   * Accepted media types, lower case (`text/csv`, `application/zip`). Text
   * types (`text/*`) must be UTF-8: a `charset` other than `utf-8` is refused.
   */
  readonly mediaTypes: readonly string[];
}

/** What a route with a {@link RawBodySpec} receives: the body, not read yet. */
export interface RawRequestBody {
  /** The media type it was sent as: one of the spec's `mediaTypes`. */
  readonly mediaType: string;
  /** The upload limit in bytes; also bounds what a compressed body may expand to. */
  readonly maxBytes: number;
  /**
   * The body as a stream; it errors with `413 PAYLOAD_TOO_LARGE` as soon as it
   * passes the upload limit. Read it once, either here or with `bytes()`.
   */
  stream(): ReadableStream<Uint8Array>;
  /** The whole body in memory, at most the upload limit. */
  bytes(): Promise<Uint8Array>;
}

/** True for media types whose body is text (and so must be UTF-8 here). */
export function isTextMediaType(essence: string): boolean {
  return essence.startsWith("text/") || essence.endsWith("+xml") || essence.endsWith("+json");
}

/**
 * Checks the framing of a raw body before anything is read: `415
 * UNSUPPORTED_MEDIA_TYPE` unless its type is one of `spec.mediaTypes` (text
 * types in UTF-8), `413 PAYLOAD_TOO_LARGE` when `Content-Length` announces
 * more than `maxBytes`.
 */
export function openRawBody(request: Request, spec: RawBodySpec, maxBytes: number): RawRequestBody {
  const contentType = request.headers.get("content-type");
  const parsed = parseMediaType(contentType);
  const accepted =
    parsed !== null &&
    spec.mediaTypes.includes(parsed.essence) &&
    (!isTextMediaType(parsed.essence) || parsed.charset === null || parsed.charset === "utf-8");
  if (!parsed || !accepted) {
    const expected = spec.mediaTypes.join(", ");
    throw new HttpError(
      "UNSUPPORTED_MEDIA_TYPE",
      `The request body must be sent as one of: ${expected} (text in UTF-8)`,
      {
        details: { received: contentType?.slice(0, 100) ?? null, expected: spec.mediaTypes },
        issues: [
          {
            field: "content-type",
            rule: "media_type",
            message: `content-type must be one of: ${expected}`,
          },
        ],
      },
    );
  }
  checkDeclaredLength(request, maxBytes);
  let used = false;
  const claim = () => {
    if (used) throw new Error("the raw request body was already read");
    used = true;
  };
  return {
    mediaType: parsed.essence,
    maxBytes,
    stream() {
      claim();
      return limitedBodyStream(request, maxBytes);
    },
    bytes() {
      claim();
      return readLimited(request, maxBytes);
    },
  };
}
