import { type ConsumerScanInput, UNKNOWN_CLIENT_ADDRESS } from "@onecode/core";
import { checkConsumerScan } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { publicScanSchema, scanResultSchema } from "../schemas/scan-schemas.js";

/** Scan answers hold per-scan counts and must never be served from a cache. */
const SCAN_HEADERS = Object.freeze({ "cache-control": "no-store" });

const scanCode = defineRoute({
  method: "POST",
  path: "/v1/public/scans",
  operationId: "scanCode",
  summary: "A consumer scans a code (扫码验真)",
  description:
    "Public: no credentials. Resolves the code (or the whole scanned URL or GS1 Digital Link), records the scan and answers with the verdict and the scan page data. Every verdict is a `200` with the same keys, so an unknown code cannot be told from a known one by status or shape. Rate-limited per client address, across tenants (`429` with `Retry-After`). The client address comes from the handler's `clientIp` option, by default the socket address.",
  tags: ["public"],
  auth: "public",
  nodeDirect: true,
  body: publicScanSchema,
  coreCheck: (body: Omit<ConsumerScanInput, "ip">) =>
    checkConsumerScan({ ...body, ip: UNKNOWN_CLIENT_ADDRESS }),
  responses: {
    200: {
      description: "The verdict and the page data (not cacheable).",
      schema: scanResultSchema,
      headers: { "Cache-Control": "`no-store`" },
    },
  },
  errors: ["RATE_LIMITED"],
  async handler({ onecode, body, clientIp }) {
    const result = await onecode.scans.scan({
      tenantId: body.tenantId,
      code: body.code,
      ip: clientIp ?? UNKNOWN_CLIENT_ADDRESS,
      visitorId: body.visitorId ?? null,
      userId: body.userId ?? null,
    });
    return { status: 200, body: result, headers: SCAN_HEADERS };
  },
});

/** Routes consumers call without credentials. */
export const publicScanRoutes: readonly Route[] = [scanCode];
