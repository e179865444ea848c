import {
  createOneCode,
  type OneCode,
  type Role,
  type TenantContext,
  tenantContext,
} from "@onecode/core";
import { createHandler, type FetchHandler, type HandlerOptions } from "../../src/index.js";

/**
 * Bearer tokens of the test `authenticate`: tenant `acme` and `globex`, with
 * and without admin, and a consumer account of `acme`.
 */
export const TOKENS: Readonly<Record<string, { tenant: string; roles: Role[]; consumer?: true }>> =
  {
    "acme-admin": { tenant: "acme", roles: ["admin"] },
    "acme-inspector": { tenant: "acme", roles: ["inspector"] },
    "acme-operator": { tenant: "acme", roles: ["stock_operator"] },
    "acme-consumer": { tenant: "acme", roles: [], consumer: true },
    "globex-admin": { tenant: "globex", roles: ["admin"] },
  };

/** The test `authenticate`: `Authorization: Bearer <token>` looked up in {@link TOKENS}. */
export async function authenticate(request: Request): Promise<TenantContext | null> {
  const match = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "");
  const entry = match?.[1] ? TOKENS[match[1]] : undefined;
  if (!entry) return null;
  const id = `${match?.[1]}-user`;
  return tenantContext(
    entry.tenant,
    entry.consumer ? { id, kind: "consumer" } : { id, kind: "staff", roles: entry.roles },
  );
}

/** A parsed response. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test replies are inspected freely
  readonly json: any;
  readonly text: string;
}

/** Options of {@link TestApp.call}. */
export interface CallOptions {
  /** Bearer token; `acme-admin` unless given (`null` sends none). */
  readonly token?: string | null;
  /** JSON-serialised with `content-type: application/json` unless `rawBody` is given. */
  readonly body?: unknown;
  readonly rawBody?: BodyInit;
  readonly headers?: Record<string, string>;
}

/** A handler over a fresh in-memory OneCode, with a compact request helper. */
export interface TestApp {
  readonly onecode: OneCode;
  readonly handler: FetchHandler;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
}

type BodyInit = ConstructorParameters<typeof Request>[1] extends infer I
  ? I extends { body?: infer B }
    ? B
    : never
  : never;

export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export function createTestApp(
  options: Partial<HandlerOptions> & { onecode?: OneCode } = {},
): TestApp {
  const onecode = options.onecode ?? createOneCode({ codes: { autoRun: true } });
  const handler = createHandler(onecode, { authenticate, ...options });
  return {
    onecode,
    handler,
    async call(method, path, { token = "acme-admin", body, rawBody, headers = {} } = {}) {
      const init: RequestInit & { duplex?: "half" } = { method, headers: { ...headers } };
      const requestHeaders = init.headers as Record<string, string>;
      if (token !== null) requestHeaders.authorization = `Bearer ${token}`;
      if (rawBody !== undefined) {
        init.body = rawBody;
        init.duplex = "half";
      } else if (body !== undefined) {
        init.body = JSON.stringify(body);
        requestHeaders["content-type"] ??= "application/json";
      }
      return readReply(await handler(new Request(`http://test.local${path}`, init)));
    },
  };
}

/** A valid merchant body. */
export function merchantInput(overrides: Record<string, unknown> = {}) {
  return {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
    ...overrides,
  };
}
