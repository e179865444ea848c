import { parseMediaType, readLimited } from "./body-limits.js";
import { HttpError } from "./http-error.js";

/** The default body limit of `createHandler`: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Stateless between calls (`decode` without `stream`), so one instance serves every request. */
const utf8 = new TextDecoder("utf-8", { fatal: true });

const bodyIssue = (rule: string, message: string) => [{ field: "body", rule, message }];

/** True for `application/json` and `application/<anything>+json`, with no charset other than UTF-8. */
function isJsonMediaType(contentType: string | null): boolean {
  if (contentType === "application/json") return true;
  const parsed = parseMediaType(contentType);
  if (!parsed) return false;
  const { essence, charset } = parsed;
  if (essence !== "application/json" && !/^application\/[a-z0-9.!#$&^_-]+\+json$/.test(essence)) {
    return false;
  }
  return charset === null || charset === "utf-8";
}

/** Throws `415 UNSUPPORTED_MEDIA_TYPE` unless `contentType` is JSON in UTF-8. */
export function requireJsonMediaType(contentType: string | null): void {
  if (isJsonMediaType(contentType)) return;
  throw new HttpError(
    "UNSUPPORTED_MEDIA_TYPE",
    "The request body must be sent as application/json (UTF-8)",
    {
      details: { received: contentType?.slice(0, 100) ?? null, expected: "application/json" },
      issues: [
        {
          field: "content-type",
          rule: "media_type",
          message: "content-type must be application/json",
        },
      ],
    },
  );
}

/** Parses a whole JSON body: `400 MALFORMED_JSON` for empty bodies, invalid UTF-8 and invalid JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (cause) {
    throw new HttpError("MALFORMED_JSON", "The request body is not valid UTF-8", {
      issues: bodyIssue("utf8", "body must be UTF-8 encoded JSON"),
      cause,
    });
  }
  if (text.trim() === "") {
    throw new HttpError("MALFORMED_JSON", "The request body is empty; a JSON value is required", {
      issues: bodyIssue("required", "body must be a JSON value"),
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    // The parser's message quotes the input, so it stays out of the response.
    throw new HttpError("MALFORMED_JSON", "The request body is not valid JSON", {
      issues: bodyIssue("json", "body must be valid JSON"),
      cause,
    });
  }
}

/**
 * Reads and parses a JSON request body: `415 UNSUPPORTED_MEDIA_TYPE` unless
 * the content type is JSON, `413 PAYLOAD_TOO_LARGE` past `maxBytes` (checked
 * against `Content-Length` first, then while streaming), `400 MALFORMED_JSON`
 * for empty bodies, invalid UTF-8 and invalid JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  requireJsonMediaType(request.headers.get("content-type"));
  return parseJsonBytes(await readLimited(request, maxBytes));
}
