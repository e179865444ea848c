import type { HeadersLike } from "./json-response.js";

/**
 * A `Content-Disposition` value: `attachment` (save) or `inline` (display),
 * with the name in ASCII (anything else becomes `_`) and, when that lost
 * characters, the exact name as RFC 8187 `filename*`.
 */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._~-]/g, "_");
  const exact =
    ascii === fileName
      ? ""
      : `; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  return `${kind}; filename="${ascii}"${exact}`;
}

/**
 * A response carrying codes (files or images). Codes are anti-counterfeit
 * secrets, so no shared cache may keep them, and the media type is final.
 */
export function codesResponse(
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  init: {
    readonly contentType: string;
    readonly fileName: string;
    readonly disposition?: "attachment" | "inline";
    readonly headers?: HeadersLike;
  },
): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", init.contentType);
  headers.set(
    "content-disposition",
    contentDisposition(init.disposition ?? "attachment", init.fileName),
  );
  headers.set("cache-control", "private, no-store");
  headers.set("x-content-type-options", "nosniff");
  if (typeof body === "string") {
    headers.set("content-length", String(new TextEncoder().encode(body).byteLength));
  } else if (body instanceof Uint8Array) {
    headers.set("content-length", String(body.byteLength));
  }
  return new Response(body, { status: 200, headers });
}
