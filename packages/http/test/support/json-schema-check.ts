/**
 * A small, independent JSON Schema (2020-12) checker for the keywords the
 * generated document uses. It throws on any keyword it does not know, so a
 * schema it cannot judge fails the test instead of passing silently.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(["description", "title", "examples", "deprecated", "default"]);
const KNOWN = new Set([
  ...ANNOTATIONS,
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "prefixItems",
  "minimum",
  "maximum",
]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function resolvePointer(root: unknown, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`non-local $ref ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !(key in node)) {
      throw new Error(`unresolvable $ref ${ref}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node as Schema;
}

/** True when `value` satisfies `schema`; `root` resolves `$ref`s. */
export function conforms(schema: Schema | boolean, value: unknown, root: unknown): boolean {
  if (typeof schema === "boolean") return schema;
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new Error(`checker does not know keyword "${key}"`);
  }
  if (
    typeof schema.$ref === "string" &&
    !conforms(resolvePointer(root, schema.$ref), value, root)
  ) {
    return false;
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = types.some((type) => type === actual || (type === "number" && actual === "integer"));
    if (!ok) return false;
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) return false;
  if ("const" in schema && schema.const !== value) return false;
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((option) => conforms(option, value, root))) {
    return false;
  }
  if (
    schema.oneOf &&
    (schema.oneOf as Schema[]).filter((option) => conforms(option, value, root)).length !== 1
  ) {
    return false;
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof schema.minLength === "number" && length < schema.minLength) return false;
    if (typeof schema.maxLength === "number" && length > schema.maxLength) return false;
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      return false;
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) return false;
    if (typeof schema.maximum === "number" && value > schema.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return false;
    const prefix = (schema.prefixItems ?? []) as Schema[];
    if (
      !prefix.every((item, index) => index >= value.length || conforms(item, value[index], root))
    ) {
      return false;
    }
    const rest = value.slice(prefix.length);
    if (
      schema.items !== undefined &&
      !rest.every((item) => conforms(schema.items as Schema | boolean, item, root))
    ) {
      return false;
    }
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!Object.hasOwn(object, name)) return false;
    }
    for (const [name, item] of Object.entries(object)) {
      if (schema.propertyNames && !conforms(schema.propertyNames as Schema, name, root)) {
        return false;
      }
      const propertySchema = Object.hasOwn(properties, name)
        ? properties[name]
        : (schema.additionalProperties as Schema | boolean | undefined);
      if (propertySchema !== undefined && !conforms(propertySchema, item, root)) return false;
    }
  }
  return true;
}

/** Every `$ref` string in `value`, with the JSON path it was found at. */
export function collectRefs(value: unknown, path = "#"): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => collectRefs(item, `${path}/${i}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === "$ref" && typeof item === "string"
      ? [{ ref: item, at: path }]
      : collectRefs(item, `${path}/${key}`),
  );
}

export { resolvePointer };
