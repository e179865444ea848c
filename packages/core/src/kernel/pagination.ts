import { decodeBase64Url, encodeBase64Url } from "./base64url.js";
import { InputCheck } from "./input-check.js";
import { isStorableText } from "./storable-text.js";

/** What a caller asks for: at most `limit` items after an opaque `cursor`. */
export interface PageRequest {
  /** 1-200; default 50. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string | null;
}

/** One page of results, newest first. */
export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/**
 * What repositories receive: a concrete limit and the id to continue after.
 * Repositories return items with ids strictly below `beforeId` (ids are
 * time-sortable), newest first, at most `limit` of them.
 */
export interface PageQuery {
  readonly limit: number;
  readonly beforeId: string | null;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
const CURSOR_PREFIX = "c1:";

function encodeCursor(id: string): string {
  return encodeBase64Url(new TextEncoder().encode(`${CURSOR_PREFIX}${id}`));
}

/** Stateless between calls (no `stream`), so one instance serves every cursor. */
const CURSOR_TEXT = new TextDecoder("utf-8", { fatal: true });

/** The id a cursor continues after, or `null` when it is not one of ours. */
function decodeCursor(cursor: unknown): string | null {
  const bytes = typeof cursor === "string" ? decodeBase64Url(cursor) : null;
  let text = "";
  try {
    text = bytes ? CURSOR_TEXT.decode(bytes) : "";
  } catch {
    return null;
  }
  if (
    !text.startsWith(CURSOR_PREFIX) ||
    text.length === CURSOR_PREFIX.length ||
    text.length > 200 ||
    // Any bytes decode: a forged cursor must not carry text storage cannot compare with.
    !isStorableText(text)
  ) {
    return null;
  }
  return text.slice(CURSOR_PREFIX.length);
}

/** Checks a {@link PageRequest} and turns it into a {@link PageQuery}; reports both fields at once. */
export function resolvePage(request: PageRequest = {}): PageQuery {
  const check = new InputCheck();
  const limit = request.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    check.fail("limit", "range", `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  const beforeId = request.cursor ? decodeCursor(request.cursor) : null;
  if (request.cursor && beforeId === null) {
    check.fail(
      "cursor",
      "cursor_format",
      "cursor must be a nextCursor returned by a previous page",
    );
  }
  check.done();
  return { limit, beforeId };
}

/**
 * Runs a repository listing for one page. It asks for one item more than the
 * limit to learn whether another page exists without a count query.
 */
export async function paginate<T extends { readonly id: string }>(
  request: PageRequest | undefined,
  fetch: (query: PageQuery) => Promise<T[]>,
): Promise<Page<T>> {
  const query = resolvePage(request);
  const rows = await fetch({ limit: query.limit + 1, beforeId: query.beforeId });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
}
