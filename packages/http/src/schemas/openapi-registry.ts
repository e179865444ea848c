import { z } from "zod";

/**
 * Documentation metadata of a schema in the OpenAPI document. It lives in the
 * package's own registry ({@link openApiRegistry}), not zod's global one, so
 * the ids never collide with a host's schemas.
 */
export interface ApiSchemaMeta {
  /** Component name: the schema is emitted once under `#/components/schemas/{id}` and referenced by `$ref`. */
  readonly id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly examples?: readonly unknown[];
  readonly deprecated?: boolean;
  /** Set by {@link boundedText}: a code-point length that zod checks with a refinement. */
  readonly maxLength?: number;
}

/**
 * The registry the OpenAPI generator reads metadata from. Attach docs with
 * `schema.register(openApiRegistry, { id, description })`; `.describe()` and
 * `.meta()` write to zod's global registry and are not read.
 */
export const openApiRegistry = z.registry<ApiSchemaMeta>();

/**
 * A string of at most `max` Unicode code points (one CJK character or emoji
 * counts one, as in core's checks and JSON Schema's `maxLength`), and at
 * least `min` (default 0).
 */
export function boundedText(options: {
  readonly min?: number;
  readonly max: number;
  readonly description?: string;
}): z.ZodString {
  const base = options.min ? z.string().min(options.min) : z.string();
  const schema = base.refine((value) => codePointLength(value) <= options.max, {
    message: `must be at most ${options.max} characters`,
    params: { rule: "max_length" },
  });
  return schema.register(openApiRegistry, {
    maxLength: options.max,
    ...(options.description ? { description: options.description } : {}),
  });
}

function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}
