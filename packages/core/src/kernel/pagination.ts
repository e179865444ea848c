import { decodeBase64Url, encodeBase64Url } from "./base64url.js";
import { invalidField } from "./errors.js";

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

function decodeCursor(cursor: string): string {
  const bytes = decodeBase64Url(cursor);
  const text = bytes ? new TextDecoder().decode(bytes) : "";
  if (
    !text.startsWith(CURSOR_PREFIX) ||
    text.length === CURSOR_PREFIX.length ||
    text.length > 200
  ) {
    throw invalidField(
      "cursor",
      "cursor_format",
      "cursor must be a nextCursor returned by a previous page",
    );
  }
  return text.slice(CURSOR_PREFIX.length);
}

/** Checks a {@link PageRequest} and turns it into a {@link PageQuery}. */
export function resolvePage(request: PageRequest = {}): PageQuery {
  const limit = request.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw invalidField("limit", "range", `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  const beforeId = request.cursor ? decodeCursor(request.cursor) : null;
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
