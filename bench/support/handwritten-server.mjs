// The hand-written baseline of the scan benchmark: the public scan as a
// competent developer would write it without OneCode, on the same
// PostgreSQL and Redis. node:http, a pg pool of 16, ioredis (auto-pipelining
// on, as in the reference server). Per request: read and check the JSON
// body; a fixed-window rate limit per client address (INCR + PEXPIRE of one
// Redis key per window, sent together); then ONE autocommitted statement,
// prepared once per connection, that looks the code up by its primary key
// joined with its batch and product, records the scan and upserts the
// code's count; answer the verdict JSON. Tables: handwritten-schema.mjs.
//
// Environment: DATABASE_URL, REDIS_URL, SCAN_RATE_LIMIT (<limit>/<windowMs>,
// as OneCode's ONECODE_SCAN_RATE_LIMIT), REDIS_PREFIX (of the rate-limit
// keys), SCHEMA (of the tables). Prints `listening <port>` once ready.
import { createServer } from "node:http";
import { Redis } from "ioredis";
import pg from "pg";

const env = process.env;
const [LIMIT, WINDOW_MS] = (env.SCAN_RATE_LIMIT ?? "60/60000").split("/").map(Number);
const REDIS_PREFIX = env.REDIS_PREFIX ?? "scan:";
const SCHEMA = env.SCHEMA ?? "handwritten";
// As OneCode's defaults: more than 5 visitors make a genuine code suspicious.
// Without visitor tracking, the baseline counts scans (the same figure when
// every scan is another user's, as in the benchmark).
const SUSPICIOUS_AFTER = 5;
const MAX_BODY_BYTES = 16 * 1024;
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 16 });
pool.on("error", (error) => console.error(`idle PostgreSQL connection failed: ${error.message}`));
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, enableAutoPipelining: true });

const SCAN = {
  name: "scan",
  text: `
WITH found AS (
  SELECT b.status, b.batch_number, b.production_date::text AS production_date,
         b.expiry_date::text AS expiry_date, b.custom_fields,
         p.name, p.specification, p.description, p.images, p.gtin
  FROM ${SCHEMA}.codes c
  JOIN ${SCHEMA}.batches b ON b.id = c.batch_id
  JOIN ${SCHEMA}.products p ON p.id = b.product_id
  WHERE c.tenant_id = $1 AND c.code = $2
), counted AS (
  INSERT INTO ${SCHEMA}.code_scan_counts AS s (tenant_id, code, scan_count, first_scanned_at)
  VALUES ($1, $2, 1, now())
  ON CONFLICT (tenant_id, code) DO UPDATE SET scan_count = s.scan_count + 1
  RETURNING scan_count::int AS scan_count, first_scanned_at
), verdict AS (
  SELECT CASE
    WHEN NOT EXISTS (SELECT FROM found) THEN 'unknown_code'
    WHEN (SELECT status FROM found) <> 'active' THEN 'batch_inactive'
    WHEN (SELECT scan_count FROM counted) > ${SUSPICIOUS_AFTER} THEN 'suspicious'
    ELSE 'genuine'
  END AS verdict
), recorded AS (
  INSERT INTO ${SCHEMA}.scans (tenant_id, code, verdict, visitor_id, user_id)
  SELECT $1, $2, verdict, $3, $4 FROM verdict
)
SELECT v.verdict, f.*, c.scan_count, c.first_scanned_at
FROM verdict v CROSS JOIN counted c LEFT JOIN found f ON true`,
};

const optionalText = (value, max) =>
  value === undefined || value === null || (typeof value === "string" && value.length <= max);

/** The checked scan from a request body, or null when it is not one. */
function scanOf(body) {
  let input;
  try {
    input = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof input !== "object" || input === null) return null;
  const { tenantId, code, visitorId, userId } = input;
  const valid =
    typeof tenantId === "string" &&
    TENANT_ID.test(tenantId) &&
    typeof code === "string" &&
    code.length >= 1 &&
    code.length <= 2000 &&
    optionalText(visitorId, 128) &&
    optionalText(userId, 128);
  return valid ? { tenantId, code, visitorId: visitorId ?? null, userId: userId ?? null } : null;
}

/** Counts the request against the client's current window; the ms until it ends when over the limit. */
async function retryAfterMs(address) {
  const window = Math.floor(Date.now() / WINDOW_MS);
  const key = `${REDIS_PREFIX}rate:${address}:${window}`;
  const [count] = await Promise.all([redis.incr(key), redis.pexpire(key, WINDOW_MS)]);
  return count > LIMIT ? (window + 1) * WINDOW_MS - Date.now() : 0;
}

function answerOf(row) {
  if (row.verdict === "unknown_code" || row.verdict === "batch_inactive") {
    const batchState = { inactive: "inactive", frozen: "suspended" }[row.status] ?? null;
    return { verdict: row.verdict, batchState, product: null, batch: null, scans: null };
  }
  return {
    verdict: row.verdict,
    batchState: null,
    product: {
      name: row.name,
      specification: row.specification,
      description: row.description,
      images: row.images,
      gtin: row.gtin,
    },
    batch: {
      batchNumber: row.batch_number,
      productionDate: row.production_date,
      expiryDate: row.expiry_date,
      customFields: row.custom_fields.filter((field) => field.showOnScan),
    },
    scans: { count: row.scan_count, firstScannedAt: row.first_scanned_at.toISOString() },
  };
}

function send(response, status, body, headers = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(text);
}

async function handleScan(request, response, body) {
  const scan = scanOf(body);
  if (scan === null) return send(response, 400, { error: "expected tenantId and code" });
  const wait = await retryAfterMs(request.socket.remoteAddress ?? "unknown");
  if (wait > 0) {
    return send(
      response,
      429,
      { error: "too many scans" },
      { "retry-after": Math.ceil(wait / 1000) },
    );
  }
  const { rows } = await pool.query({
    ...SCAN,
    values: [scan.tenantId, scan.code, scan.visitorId, scan.userId],
  });
  send(response, 200, answerOf(rows[0]));
}

const server = createServer((request, response) => {
  if (request.method !== "POST" || request.url !== "/v1/public/scans") {
    request.resume();
    return send(response, 404, { error: "not found" });
  }
  if (!request.headers["content-type"]?.startsWith("application/json")) {
    request.resume();
    return send(response, 415, { error: "expected application/json" });
  }
  const chunks = [];
  let size = 0;
  request.on("data", (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on("end", () => {
    if (size > MAX_BODY_BYTES) return send(response, 413, { error: "body too large" });
    handleScan(request, response, Buffer.concat(chunks).toString()).catch((error) => {
      // Driver text stays in the log; the client learns only to come back.
      console.error(`scan failed: ${error.message}`);
      if (!response.headersSent) {
        send(response, 503, { error: "service unavailable" }, { "retry-after": "1" });
      }
    });
  });
});
server.keepAliveTimeout = 65_000;
await redis.ping();
await pool.query("SELECT 1");
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
process.on("SIGTERM", () =>
  server.close(async () => {
    await Promise.allSettled([pool.end(), redis.quit()]);
    process.exit(0);
  }),
);
