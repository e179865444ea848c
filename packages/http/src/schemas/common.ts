import { MAX_PAGE_LIMIT } from "@onecode/core/input-rules";
import { z } from "zod";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

/** A record id in a path, e.g. `mch_01jd3v8k0g9w5x2r7q4m6n8p0t`. */
export function recordIdParam(description: string): z.ZodString {
  return boundedText({ min: 1, max: 64, description });
}

/** ISO-8601 UTC timestamp as core writes it (`Date.toISOString()`). */
export const timestampSchema = z.iso
  .datetime()
  .register(openApiRegistry, { description: "ISO-8601 UTC timestamp." });

/** Query parameters of every cursor-paged list; spread into a route's query schema. */
export const pageQueryShape = {
  limit: z.coerce
    .number<string>()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .optional()
    .register(openApiRegistry, {
      description: `Items per page, 1-${MAX_PAGE_LIMIT}; 50 when absent.`,
    }),
  cursor: boundedText({
    min: 1,
    max: 512,
    description: "The `nextCursor` of the previous page; absent for the first page.",
  }).optional(),
};

/** One page of a cursor-paged list, mirroring core's `Page<T>`. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .strictObject({
      items: z.array(item),
      nextCursor: z.string().nullable().register(openApiRegistry, {
        description: "Pass as `cursor` to get the next page; `null` on the last page.",
      }),
    })
    .register(openApiRegistry, { id, description: "One page of results, newest first." });
}
