function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function encode(value: unknown, path: string, open: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path} is not a finite number`);
      // ECMAScript's shortest round-trip form, as RFC 8785 prescribes; -0 becomes 0.
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`${path} is a ${typeof value}, which JSON cannot hold`);
  }
  const object = value as object;
  if (open.has(object)) throw new TypeError(`${path} refers back to itself`);
  open.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item, index) => encode(item, `${path}[${index}]`, open)).join(",")}]`;
    }
    if (!isPlainObject(object)) throw new TypeError(`${path} is not a plain object`);
    const record = object as Record<string, unknown>;
    // Default sort compares UTF-16 code units, the order RFC 8785 prescribes.
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${encode(record[key], `${path}.${key}`, open)}`);
    return `{${members.join(",")}}`;
  } finally {
    open.delete(object);
  }
}

/**
 * Canonical JSON text of a value, in the manner of RFC 8785 (JCS): object
 * members sorted by key (UTF-16 code units), no insignificant whitespace,
 * numbers in ECMAScript's shortest round-trip form, strings escaped as
 * `JSON.stringify` does (lone surrogates as `\uXXXX`). Equal values always
 * give the same text, whatever the key order they were built in, so the
 * text can be hashed. Throws a `TypeError` for anything JSON cannot carry
 * exactly: `undefined`, functions, symbols, bigints, non-finite numbers,
 * class instances (e.g. `Date`) and cycles. (It takes `unknown` so records
 * typed as interfaces can be passed; the checks happen at run time.)
 *
 * @example
 * ```ts
 * canonicalJson({ b: [1, "二"], a: null }); // '{"a":null,"b":[1,"二"]}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return encode(value, "value", new Set());
}
