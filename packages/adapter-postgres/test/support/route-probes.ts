import type { OpenApiDocument } from "@onecode/http";

/** One request that puts unstorable text in exactly one input field of one route. */
export interface TextProbe {
  readonly method: string;
  /** The path with parameters filled in, percent-encoded, and its query string. */
  readonly target: string;
  readonly auth: "staff" | "consumer" | "public";
  /** The body and its media type, when the route takes one. */
  readonly body?: { readonly contentType: string; readonly content: string };
  /** The field the answer must name, and the rule. */
  readonly field: string;
  readonly rule: string;
  /** `METHOD /template` of the route. */
  readonly operation: string;
  /** What the probe does, for failure messages. */
  readonly title: string;
}

/** Values storage cannot keep, as JSON text and as percent-encoding where one exists. */
export const UNSTORABLE = [
  { name: "NUL", json: "a\u0000b", url: "a%00b", rule: "characters" },
  // A URL cannot carry a lone surrogate: its UTF-8 form (ED A0 80) is invalid percent-encoding.
  { name: "lone surrogate", json: "a\ud800b", url: "a%ED%A0%80b", rule: "encoding" },
] as const;

type Schema = Record<string, unknown>;
type Path = readonly (string | number)[];

function resolve(schema: Schema, document: OpenApiDocument): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  return resolve(document.components.schemas[name] as Schema, document);
}

function typesOf(schema: Schema): string[] {
  const { type } = schema;
  return Array.isArray(type) ? (type as string[]) : typeof type === "string" ? [type] : [];
}

/** Every path to a string in values of `schema`: properties, list items, record values, union options. */
export function stringPaths(schema: Schema, document: OpenApiDocument, path: Path = []): Path[] {
  if (path.length > 8) return [];
  const resolved = resolve(schema, document);
  const found: Path[] = [];
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    for (const option of (resolved[key] ?? []) as Schema[]) {
      found.push(...stringPaths(option, document, path));
    }
  }
  const types = typesOf(resolved);
  if (types.includes("string") && path.length > 0) found.push(path);
  for (const [name, property] of Object.entries((resolved.properties ?? {}) as Schema)) {
    found.push(...stringPaths(property as Schema, document, [...path, name]));
  }
  if (typeof resolved.additionalProperties === "object") {
    found.push(...stringPaths(resolved.additionalProperties as Schema, document, [...path, "k"]));
  }
  if (typeof resolved.items === "object") {
    found.push(...stringPaths(resolved.items as Schema, document, [...path, 0]));
  }
  const unique = new Map(found.map((entry) => [entry.join("."), entry]));
  return [...unique.values()];
}

/** The smallest JSON value holding `value` at `path`. */
function valueAt(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const inner = valueAt(rest, value);
  return typeof head === "number" ? [inner] : { [head as string]: inner };
}

interface Operation {
  readonly parameters?: readonly { name: string; in: string }[];
  readonly requestBody?: { content: Record<string, { schema?: Schema }> };
  readonly security?: readonly unknown[];
}

/**
 * Every probe the document allows: for each operation, unstorable text in
 * each path parameter, each query parameter, each string field of a JSON
 * body (nested ones included) and an object key of the body. Other inputs
 * hold harmless placeholders; a route that takes a body gets one of its
 * media type, so its framing passes and the fields are judged.
 */
export function textProbes(document: OpenApiDocument): TextProbe[] {
  const probes: TextProbe[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(operations)) {
      const operation = raw as Operation;
      const auth =
        operation.security?.length === 0
          ? "public"
          : operation.security?.some((scheme) => Object.hasOwn(scheme as object, "consumerAuth"))
            ? "consumer"
            : "staff";
      const parameters = operation.parameters ?? [];
      const pathNames = parameters.filter((p) => p.in === "path").map((p) => p.name);
      const queryNames = parameters.filter((p) => p.in === "query").map((p) => p.name);
      const content = operation.requestBody?.content ?? {};
      const jsonSchema = content["application/json"]?.schema;
      const mediaType = Object.keys(content)[0];
      const placeholderBody =
        mediaType === undefined
          ? undefined
          : { contentType: mediaType, content: jsonSchema ? "{}" : "x" };
      const fill = (bad?: { name: string; value: string }) =>
        template.replace(/\{(\w+)\}/g, (_, name: string) => (name === bad?.name ? bad.value : "x"));
      const base = {
        method: method.toUpperCase(),
        auth,
        operation: `${method.toUpperCase()} ${template}`,
      } as const;
      for (const value of UNSTORABLE) {
        for (const name of pathNames) {
          probes.push({
            ...base,
            target: fill({ name, value: value.url }),
            body: placeholderBody,
            field: name,
            rule: value.rule,
            title: `${value.name} in path parameter ${name}`,
          });
        }
      }
      // URLSearchParams decodes invalid UTF-8 to U+FFFD, so only NUL can reach a query value.
      for (const name of queryNames) {
        probes.push({
          ...base,
          target: `${fill()}?${name}=${UNSTORABLE[0].url}`,
          body: placeholderBody,
          field: name,
          rule: "characters",
          title: `NUL in query parameter ${name}`,
        });
      }
      if (!jsonSchema) continue;
      for (const value of UNSTORABLE) {
        for (const path of stringPaths(jsonSchema, document)) {
          probes.push({
            ...base,
            target: fill(),
            body: {
              contentType: "application/json",
              content: JSON.stringify(valueAt(path, value.json)),
            },
            field: path.join("."),
            rule: "characters",
            title: `${value.name} in body field ${path.join(".")}`,
          });
        }
        probes.push({
          ...base,
          target: fill(),
          body: { contentType: "application/json", content: JSON.stringify({ [value.json]: 1 }) },
          field: JSON.stringify(value.json).slice(1, -1),
          rule: "characters",
          title: `${value.name} in a body key`,
        });
      }
    }
  }
  return probes;
}

/** Every operation of the document that takes any input: a parameter or a body. */
export function operationsWithInput(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, raw]) => {
        const operation = raw as Operation;
        const content = operation.requestBody?.content ?? {};
        // A raw file body (the bulk-shipping CSV) is judged by its own parser, which names
        // lines rather than fields (its route tests send it unstorable text).
        const fieldBody = Object.keys(content).some((type) => type === "application/json");
        return (operation.parameters?.length ?? 0) > 0 || fieldBody;
      })
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}
