/** The HTTP methods a route can declare (HEAD is answered by GET routes). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One segment of a path template: a literal, or a parameter optionally
 * followed by a literal suffix (`{serial}.png`), which the value must end with.
 */
type Segment = { readonly literal: string } | { readonly param: string; readonly suffix: string };

/** Splits a path template such as `/v1/merchants/{merchantId}` into segments. */
export function parsePathTemplate(template: string): Segment[] {
  if (!template.startsWith("/")) throw new Error(`route path "${template}" must start with "/"`);
  return splitPath(template).map((part) => {
    const match = /^\{([A-Za-z_][A-Za-z0-9_]*)\}([^{}]*)$/.exec(part);
    if (match?.[1]) return { param: match[1], suffix: match[2] ?? "" };
    if (/[{}]/.test(part)) throw new Error(`route path "${template}" has a malformed parameter`);
    return { literal: part };
  });
}

/** How specific a segment is: literals beat suffixed parameters, which beat bare ones. */
function specificity(segment: Segment): string {
  if ("literal" in segment) return "2";
  return segment.suffix === "" ? "0" : "1";
}

/** The names of the `{param}` segments of a template, in order. */
export function pathParamNames(template: string): string[] {
  return parsePathTemplate(template).flatMap((segment) =>
    "param" in segment ? [segment.param] : [],
  );
}

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed === "/" ? [] : trimmed.slice(1).split("/");
}

/** The outcome of {@link Router.match}. */
export type RouteMatch<R> =
  | { readonly kind: "found"; readonly route: R; readonly params: Record<string, string> }
  | { readonly kind: "method_not_allowed"; readonly allow: readonly string[] }
  | { readonly kind: "not_found" };

interface Entry<R> {
  readonly method: HttpMethod;
  readonly segments: readonly Segment[];
  readonly route: R;
}

/**
 * A tiny router: method plus path template. Literal segments win over
 * parameters, so `/v1/codes/export` beats `/v1/codes/{codeId}`, and a
 * parameter with a suffix (`{serial}.png`) beats a bare one. Parameter
 * values are returned raw (still percent-encoded, suffix removed); decoding
 * is the caller's.
 */
export class Router<R extends { readonly method: HttpMethod; readonly path: string }> {
  private readonly entries: Entry<R>[] = [];
  /**
   * Routes without parameters by `METHOD path`: a literal route is the most
   * specific match of its path, so a hit here needs no scan of the table
   * (the public scan route is served this way).
   */
  private readonly literal = new Map<string, RouteMatch<R>>();

  constructor(routes: readonly R[]) {
    const seen = new Set<string>();
    for (const route of routes) {
      const segments = parsePathTemplate(route.path);
      const shape = `${route.method} /${segments.map((s) => ("param" in s ? `{}${s.suffix}` : s.literal)).join("/")}`;
      if (seen.has(shape)) throw new Error(`duplicate route ${route.method} ${route.path}`);
      seen.add(shape);
      this.entries.push({ method: route.method, segments, route });
      if (segments.every((segment) => "literal" in segment)) {
        const key = `${route.method} /${segments.map((s) => ("literal" in s ? s.literal : "")).join("/")}`;
        this.literal.set(key, { kind: "found", route, params: Object.freeze({}) });
      }
    }
  }

  /** Every route whose template matches the path, whatever its method. */
  routesAt(path: string): R[] {
    const parts = splitPath(path);
    return this.entries
      .filter((entry) => matchSegments(entry.segments, parts) !== null)
      .map((entry) => entry.route);
  }

  /** Finds the route for a method and a path (relative to the handler's base path). */
  match(method: string, path: string): RouteMatch<R> {
    const literal = this.literal.get(`${method === "HEAD" ? "GET" : method} ${path}`);
    if (literal) return literal;
    const parts = splitPath(path);
    const candidates: { entry: Entry<R>; params: Record<string, string>; score: string }[] = [];
    for (const entry of this.entries) {
      const params = matchSegments(entry.segments, parts);
      if (!params) continue;
      const score = entry.segments.map(specificity).join("");
      candidates.push({ entry, params, score });
    }
    if (candidates.length === 0) return { kind: "not_found" };
    const wanted = method === "HEAD" ? "GET" : method;
    const best = candidates
      .filter((candidate) => candidate.entry.method === wanted)
      .sort((a, b) => (a.score < b.score ? 1 : a.score > b.score ? -1 : 0))[0];
    if (best) return { kind: "found", route: best.entry.route, params: best.params };
    const allow = new Set(candidates.map((candidate) => candidate.entry.method as string));
    if (allow.has("GET")) allow.add("HEAD");
    return { kind: "method_not_allowed", allow: [...allow].sort() };
  }
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] as string;
    if ("param" in segment) {
      if (part.length <= segment.suffix.length || !part.endsWith(segment.suffix)) return null;
      params[segment.param] = part.slice(0, part.length - segment.suffix.length);
    } else if (segment.literal !== part) {
      return null;
    }
  }
  return params;
}
