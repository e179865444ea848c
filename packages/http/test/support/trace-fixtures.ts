import {
  createOneCode,
  type GeoRange,
  type OneCodeConfig,
  type Role,
  staticGeo,
  type TenantContext,
  tenantContext,
} from "@onecode/core";
import { expect } from "vitest";
import type { HandlerOptions } from "../../src/index.js";
import { createMerchant, createQuickRule, generatePackage } from "./codes-fixtures.js";
import { authenticate, createTestApp, type Reply, type TestApp } from "./test-app.js";

/**
 * The trace tests' `authenticate`: the fixed tokens of {@link authenticate},
 * plus `staff.<tenant>.<actorId>.<role>+<role>` for staff members created
 * over HTTP (their actor id must be their staff id).
 */
export async function traceAuthenticate(request: Request): Promise<TenantContext | null> {
  const match = /^Bearer staff\.([^.]+)\.([^.]+)\.([a-z_+]+)$/.exec(
    request.headers.get("authorization") ?? "",
  );
  if (!match) return authenticate(request);
  const [, tenant = "", id = "", roles = ""] = match;
  return tenantContext(tenant, { id, kind: "staff", roles: roles.split("+") as Role[] });
}

/** The bearer token of a staff member (see {@link traceAuthenticate}). */
export function staffToken(tenant: string, id: string, roles: readonly Role[]): string {
  return `staff.${tenant}.${id}.${roles.join("+")}`;
}

/** Regions of the test geo table: 113.108.0.0/16 is Guangdong, 202.96.0.0/16 Shanghai. */
export const GEO_TABLE: readonly GeoRange[] = [
  { cidr: "113.108.0.0/16", region: "CN-GD" },
  { cidr: "202.96.0.0/16", region: "CN-SH" },
  { cidr: "127.0.0.0/8", region: "CN-GD" },
];

/** The test apps' `clientIp`: the `x-test-ip` header (real hosts must never trust a header). */
export const testClientIp = (request: Request) => request.headers.get("x-test-ip");

/**
 * A test app over a OneCode with the trace module, a geo table and the staff
 * tokens; public scans take their client address from `x-test-ip`.
 */
export function createTraceApp(
  options: { readonly config?: OneCodeConfig; readonly handler?: Partial<HandlerOptions> } = {},
): TestApp {
  const onecode = createOneCode({
    codes: { autoRun: true },
    geo: staticGeo(GEO_TABLE),
    ...options.config,
  });
  return createTestApp({
    onecode,
    authenticate: traceAuthenticate,
    clientIp: testClientIp,
    ...options.handler,
  });
}

/** Asserts a status, showing the body when it differs; returns the reply. */
export function expectStatus(reply: Reply, status: number): Reply {
  expect(reply.status, reply.text).toBe(status);
  return reply;
}

/** A merchant, a product of it and a quick rule with serial numbers. */
export async function catalog(app: TestApp, token = "acme-admin") {
  const merchantId = await createMerchant(app, {}, token);
  const ruleId = await createQuickRule(app, merchantId, {}, token);
  const product = expectStatus(
    await app.call("POST", "/v1/products", {
      token,
      body: {
        merchantId,
        name: "Longjing Tea",
        specification: "250g/tin",
        description: "Spring harvest",
        gtin: "06901234567892",
      },
    }),
    201,
  );
  return { merchantId, ruleId, productId: product.json.id as string };
}

/** A succeeded package: `single` with `quantity` codes, or an associated two-level 1:`perCase`. */
export async function codePackage(
  app: TestApp,
  merchantId: string,
  ruleId: string,
  layout: { readonly cases?: number; readonly perCase?: number; readonly quantity?: number },
  token = "acme-admin",
) {
  const body =
    layout.cases === undefined
      ? { merchantId, codeType: "single", rules: { item: ruleId }, quantity: layout.quantity ?? 3 }
      : {
          merchantId,
          codeType: "two-level",
          rules: { item: ruleId },
          ratio: { innerPerOuter: layout.perCase ?? 2 },
          associated: true,
          quantity: layout.cases,
        };
  return generatePackage(app, body, token);
}

/** The codes of a package in serial order: `{ serial, level, code, parentSerial }`. */
export async function packageCodes(
  app: TestApp,
  packageId: string,
  token = "acme-admin",
): Promise<{ serial: number; level: string; code: string; parentSerial: number | null }[]> {
  const reply = expectStatus(
    await app.call("GET", `/v1/code-packages/${packageId}/codes?limit=1000`, { token }),
    200,
  );
  return reply.json.items;
}

/** A valid batch body. */
export function batchInput(productId: string, overrides: Record<string, unknown> = {}) {
  return {
    batchNumber: "LJ-2026-001",
    productId,
    productionDate: "2026-04-01",
    shelfLifeDays: 365,
    remark: "First flush",
    customFields: [
      { title: "Origin", type: "text", content: "West Lake, Hangzhou", showOnScan: true },
      { title: "Buyer", type: "text", content: "internal only", showOnScan: false },
    ],
    ...overrides,
  };
}

/** Creates a batch and returns it. */
export async function createBatch(
  app: TestApp,
  productId: string,
  overrides: Record<string, unknown> = {},
  token = "acme-admin",
) {
  return expectStatus(
    await app.call("POST", "/v1/trace-batches", { token, body: batchInput(productId, overrides) }),
    201,
  ).json;
}

/**
 * An active batch (with `overrides`) of one single package of `quantity`
 * codes, made over HTTP; the catalog's ids, the batch and the codes.
 */
export async function activeSinglePackage(
  app: TestApp,
  quantity: number,
  overrides: Record<string, unknown> = {},
) {
  const { merchantId, ruleId, productId } = await catalog(app);
  const batch = await createBatch(app, productId, overrides);
  const pkg = await codePackage(app, merchantId, ruleId, { quantity });
  await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, { body: { packageId: pkg.id } });
  await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "active" } });
  return { merchantId, productId, batch, codes: await packageCodes(app, pkg.id) };
}

/** Sends a public scan (no credentials) from the handler's point of view. */
export function publicScan(
  app: TestApp,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return app.call("POST", "/v1/public/scans", { token: null, body, headers });
}

/** Creates an enterprise over HTTP and returns it. */
export async function enterprise(
  app: TestApp,
  body: Record<string, unknown>,
  token = "acme-admin",
): Promise<{ id: string; salesRegion: string }> {
  return expectStatus(await app.call("POST", "/v1/enterprises", { token, body }), 201).json;
}

/** factory (CN-ZJ) → distributor (CN-GD) → retailer (CN-GD), and a second distributor. */
export async function enterpriseTree(app: TestApp, token = "acme-admin") {
  const factory = await enterprise(app, { name: "Factory", salesRegion: "CN-ZJ" }, token);
  const distributor = await enterprise(
    app,
    { name: "South Distributor", salesRegion: "CN-GD", parentId: factory.id },
    token,
  );
  const retailer = await enterprise(
    app,
    { name: "Canton Shop", salesRegion: "CN-GD", parentId: distributor.id },
    token,
  );
  const north = expectStatus(
    await app.call("POST", `/v1/enterprises/${distributor.id}/siblings`, {
      token,
      body: { name: "North Distributor", salesRegion: "CN-BJ" },
    }),
    201,
  ).json;
  return { factory, distributor, retailer, north };
}
