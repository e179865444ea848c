import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createOneCode, localKeyVault, type OneCode, systemClock } from "@onecode/core";
import { createHandler, toNodeListener } from "@onecode/http";
import { openBackends } from "./backends.js";
import { BearerTokens, DEMO_TOKEN_NAME } from "./bearer-tokens.js";
import type { ServerConfig } from "./config.js";
import { logToConsole, type ServerLog } from "./console-log.js";
import { loadInstanceId } from "./instance-id.js";
import { ip2regionGeo } from "./ip2region-geo.js";
import { loadMasterKey } from "./master-key.js";
import { jobErrorLogger, outboxErrorLogger, startScheduler } from "./scheduler.js";

/** A running reference server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly server: Server;
  readonly onecode: OneCode;
  /** Lines describing the set-up and how to try it; printed by `main`. */
  readonly banner: readonly string[];
  /**
   * Stops accepting requests, stops generation jobs after their current
   * chunk (they stay `running` at that checkpoint and resume on the next
   * start) and closes storage, so PGlite flushes its files.
   */
  close(): Promise<void>;
}

/** Starts the whole OneCode API on `node:http` with the given configuration. */
export async function startServer(
  config: ServerConfig,
  log: ServerLog = logToConsole,
): Promise<RunningServer> {
  const createdTokens = BearerTokens.ensureFile(config.tokensFile);
  const tokens = BearerTokens.load(config.tokensFile);
  const backends = await openBackends(config, log);
  const onecode = createOneCode({
    storage: backends.storage,
    hotState: backends.hotState,
    geo: ip2regionGeo(),
    keys: localKeyVault({ masterKey: loadMasterKey(join(config.dataDir, "master.key")) }),
    clock: systemClock,
    codes: {
      instanceId: loadInstanceId(join(config.dataDir, "instance.id"), config.instanceId),
      onJobError: jobErrorLogger(log),
    },
    outbox: { onError: outboxErrorLogger(log) },
    ...(config.scanRateLimit !== undefined && { trace: { scanRateLimit: config.scanRateLimit } }),
  });
  const handler = createHandler(onecode, {
    authenticate: async (request) => tokens.authenticate(request),
    onError: (error, request) =>
      log(`[onecode] unhandled error on ${request.method} ${new URL(request.url).pathname}`, error),
    // createHandler checks each origin and names a malformed one.
    ...(config.corsOrigins.length > 0 && { cors: { origins: config.corsOrigins } }),
  });

  const scheduler = startScheduler({
    onecode,
    purgeExpiredHotState: () => backends.purgeExpiredHotState(),
    log,
  });

  const server = createServer(toNodeListener(handler, { trustProxy: config.trustProxy }));
  server.listen(config.port, config.host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shownHost}:${port}`;
  const tokenVariable = tokens.grants.some((grant) => grant.variable === DEMO_TOKEN_NAME)
    ? DEMO_TOKEN_NAME
    : (tokens.grants.find((grant) => grant.kind === "staff")?.variable ?? DEMO_TOKEN_NAME);
  const tokenExpression = `$(grep -m1 '^${tokenVariable}=' '${config.tokensFile}' | cut -d= -f2- | cut -d';' -f1)`;

  const banner = [
    `OneCode reference server listening on ${url}`,
    `  storage:   ${backends.description.storage}`,
    `  hot state: ${backends.description.hotState}`,
    "  regions:   ip2region's bundled IP database (scan regions such as CN-GD, diversion alerts)",
    `  tokens:    ${config.tokensFile}${createdTokens ? " (created with one admin token for tenant 'demo')" : ""}`,
    `  API:       ${url}/openapi.json`,
    ...(config.corsOrigins.length > 0
      ? [`  CORS:      public routes open to ${config.corsOrigins.join(", ")}`]
      : []),
    "Try it (reads the token from the token file, so it never appears in logs):",
    `  curl -H "Authorization: Bearer ${tokenExpression}" ${url}/v1/merchants`,
  ];

  return {
    url,
    server,
    onecode,
    banner,
    async close() {
      await scheduler.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Jobs stop after their current chunk, at a checkpoint the next start resumes from.
      await onecode.close();
      await backends.close();
    },
  };
}
