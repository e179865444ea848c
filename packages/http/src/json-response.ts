/** Anything `new Headers()` accepts. */
export type HeadersLike = ConstructorParameters<typeof Headers>[0];

const encoder = new TextEncoder();

/** A JSON response with an exact `Content-Length`; `contentType` defaults to `application/json`. */
export function jsonResponse(
  body: unknown,
  init: { status: number; headers?: HeadersLike; contentType?: string },
): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  const headers = new Headers(init.headers);
  headers.set("content-type", init.contentType ?? "application/json");
  headers.set("content-length", String(bytes.byteLength));
  return new Response(bytes, { status: init.status, headers });
}
