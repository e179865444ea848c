import { resolve } from "node:path";

/** Everything the reference server reads from its environment. */
export interface ServerConfig {
  /** TCP port; `PORT`, default 3000 (0 picks a free port). */
  readonly port: number;
  /** Interface to bind; `HOST`, default 127.0.0.1 (set 0.0.0.0 to serve the network). */
  readonly host: string;
  /** Where PGlite data, the master key and the token file live; `ONECODE_DATA_DIR`, default `./.data`. */
  readonly dataDir: string;
  /** PostgreSQL instead of PGlite; `DATABASE_URL`. */
  readonly databaseUrl: string | undefined;
  /** Redis for hot state; `REDIS_URL`. Without it hot state lives in the database. */
  readonly redisUrl: string | undefined;
  /** The bearer-token env file; `ONECODE_TOKENS_FILE`, default `<dataDir>/tokens.env`. */
  readonly tokensFile: string;
  /**
   * Key prefix of the hot state in Redis; `ONECODE_REDIS_PREFIX`, default
   * the adapter's (`onecode:`). Lets several servers share one Redis.
   */
  readonly redisKeyPrefix: string | undefined;
  /**
   * Reverse proxies in front of the server; `ONECODE_TRUST_PROXY`, default 0.
   * With n > 0 the client address (rate limits, scan regions) is the n-th
   * address from the right of `X-Forwarded-For`; leave it 0 when clients
   * reach the server directly, or they could choose their own address.
   */
  readonly trustProxy: number;
  /**
   * Public scans allowed per client address (across tenants);
   * `ONECODE_SCAN_RATE_LIMIT=<limit>/<windowMs>`, e.g. `60/60000` (core's
   * default when unset). Raise it for load tests from one address.
   */
  readonly scanRateLimit: { readonly limit: number; readonly windowMs: number } | undefined;
  /**
   * Origins whose pages may call the public routes from a browser (an H5
   * scan page on the brand's domain); `ONECODE_CORS_ORIGINS`, comma
   * separated, e.g. `https://h5.brand.example,https://m.brand.example`, or
   * `*` for any page. Empty (the default): no cross-origin access.
   */
  readonly corsOrigins: readonly string[];
  /**
   * The name generation jobs are held under; `ONECODE_INSTANCE_ID`, default
   * an id kept in `<dataDir>/instance.id`. A restarted server with the same
   * name takes its crashed predecessor's jobs over at once. Unique per
   * running server.
   */
  readonly instanceId: string | undefined;
}

const RATE_LIMIT_PATTERN = /^(\d+)\/(\d+)$/;

function scanRateLimitOf(value: string | undefined): ServerConfig["scanRateLimit"] {
  if (!value) return undefined;
  const match = RATE_LIMIT_PATTERN.exec(value.trim());
  if (!match) {
    throw new Error(
      `ONECODE_SCAN_RATE_LIMIT must be <limit>/<windowMs>, e.g. 60/60000, got "${value}"`,
    );
  }
  // Core checks the ranges and names the field when they are wrong.
  return { limit: Number(match[1]), windowMs: Number(match[2]) };
}

function trustProxyOf(value: string | undefined): number {
  if (!value) return 0;
  const proxies = Number(value);
  if (!Number.isInteger(proxies) || proxies < 0 || proxies > 10) {
    throw new Error(`ONECODE_TRUST_PROXY must be the number of proxies, 0 to 10, got "${value}"`);
  }
  return proxies;
}

function instanceIdOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^[\x21-\x7e]{1,128}$/.test(value)) {
    throw new Error(
      `ONECODE_INSTANCE_ID must be 1-128 printable ASCII characters without spaces, got "${value}"`,
    );
  }
  return value;
}

/**
 * Reads the configuration. Relative paths resolve against the directory
 * `npm start` was run from (npm's `INIT_CWD`), so `./.data` means the
 * repository root when started there.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const base = env.INIT_CWD ?? process.cwd();
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }
  const dataDir = resolve(base, env.ONECODE_DATA_DIR ?? ".data");
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    tokensFile: resolve(base, env.ONECODE_TOKENS_FILE ?? resolve(dataDir, "tokens.env")),
    redisKeyPrefix: env.ONECODE_REDIS_PREFIX || undefined,
    scanRateLimit: scanRateLimitOf(env.ONECODE_SCAN_RATE_LIMIT),
    trustProxy: trustProxyOf(env.ONECODE_TRUST_PROXY),
    corsOrigins: (env.ONECODE_CORS_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
    instanceId: instanceIdOf(env.ONECODE_INSTANCE_ID),
  };
}
