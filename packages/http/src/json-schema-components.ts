import { z } from "zod";
import { openApiRegistry } from "./schemas/openapi-registry.js";

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

const DEFS_PREFIX = "#/$defs/";
const COMPONENTS_PREFIX = "#/components/schemas/";

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  const copy: JsonSchema = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "$ref" && typeof item === "string") {
      if (!item.startsWith(DEFS_PREFIX)) {
        throw new Error(`unexpected $ref "${item}": give recursive schemas an id`);
      }
      copy[key] = COMPONENTS_PREFIX + item.slice(DEFS_PREFIX.length);
    } else {
      copy[key] = rewriteRefs(item);
    }
  }
  return copy;
}

/**
 * Converts zod schemas to JSON Schema with `z.toJSONSchema`, reading metadata
 * from {@link openApiRegistry}. Schemas registered with an `id` are collected
 * once into {@link SchemaComponents.schemas} and referenced as
 * `#/components/schemas/{id}`. Request schemas convert as `input` and
 * response schemas as `output`; an id whose two forms differ is an error, so
 * a component always means one thing.
 */
export class SchemaComponents {
  /** The collected components, by id. */
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema`: a `$ref` when it has an id, inline otherwise. */
  toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const converted = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      metadata: openApiRegistry,
      unrepresentable: "throw",
      cycles: "ref",
      reused: "inline",
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = converted;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      if (id.startsWith("__")) throw new Error(`schema ${id} needs an id in openApiRegistry`);
      this.add(id, rewriteRefs(definition) as JsonSchema);
    }
    return rewriteRefs(root) as JsonSchema;
  }

  private add(id: string, definition: JsonSchema): void {
    const existing = this.schemas[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(definition)) {
      throw new Error(`component ${id} converts differently as request and response; split it`);
    }
    this.schemas[id] = definition;
  }
}
