import type { OneCode, TenantContext } from "@onecode/core";
import type { RouteInput } from "./define-route.js";
import type { NodeDirectRequest } from "./node-direct-dispatch.js";
import { parseJsonBytes, requireJsonMediaType } from "./read-json-body.js";

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What a handler receives: its validated input, with `request` and `url`
 * read through from the route input only when the handler asks.
 *
 * A class, not an object literal with getters: a literal's getters are new
 * functions per request, which gives every context a hidden class of its
 * own and makes each property access on it slow (on the public scan, as
 * slow as the rest of the dispatch; see the "Performance" notes of the HTTP
 * guide).
 */
export class HandlerContext {
  readonly #input: RouteInput;
  readonly onecode: OneCode;
  readonly tenant: TenantContext | null;
  readonly basePath: string;
  readonly clientIp: string | null;

  constructor(
    input: RouteInput,
    readonly params: unknown,
    readonly query: unknown,
    readonly body: unknown,
    readonly rawBody: unknown,
  ) {
    this.#input = input;
    this.onecode = input.onecode;
    this.tenant = input.tenant;
    this.basePath = input.basePath;
    this.clientIp = input.clientIp ?? null;
  }

  get request(): Request {
    return this.#input.request;
  }

  get url(): URL {
    return this.#input.url;
  }
}

/**
 * The route input of a node-direct request (public, no path parameters): the
 * WHATWG `Request` and `URL` are built only if something asks for them.
 */
export class NodeDirectRouteInput implements RouteInput {
  readonly #direct: NodeDirectRequest;
  #request: Request | undefined;
  #url: URL | undefined;
  readonly tenant = null;
  readonly rawParams: Readonly<Record<string, string>> = NO_PARAMS;
  readonly clientIp: string | null;

  constructor(
    nodeDirect: NodeDirectRequest,
    readonly onecode: OneCode,
    readonly basePath: string,
    readonly maxRawBodyBytes: number,
  ) {
    this.#direct = nodeDirect;
    this.clientIp = nodeDirect.clientAddress;
  }

  async readBody(): Promise<unknown> {
    requireJsonMediaType(this.#direct.contentType);
    return parseJsonBytes(this.#direct.body);
  }

  get request(): Request {
    this.#request ??= this.#direct.toRequest();
    return this.#request;
  }

  get url(): URL {
    this.#url ??= this.#direct.url();
    return this.#url;
  }
}
