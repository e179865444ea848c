import { OneCodeError, tenantContext } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { callerOf } from "../src/route-caller.js";
import { createMerchant, createQuickRule, generatePackage } from "./support/codes-fixtures.js";
import { createTestApp, type TestApp } from "./support/test-app.js";

async function singleCodePackage(app: TestApp) {
  const merchantId = await createMerchant(app);
  const ruleId = await createQuickRule(app, merchantId);
  return generatePackage(app, {
    merchantId,
    codeType: "single",
    rules: { item: ruleId },
    quantity: 3,
  });
}

/** Every route that hands out a package's codes: text and image packages, QR images, listings. */
const codeDownloads = (id: string) => [
  `/v1/code-packages/${id}/codes.csv`,
  `/v1/code-packages/${id}/codes.zip`,
  `/v1/code-packages/${id}/images.zip`,
  `/v1/code-packages/${id}/codes/1.png`,
  `/v1/code-packages/${id}/codes/1.svg`,
  `/v1/code-packages/${id}/sample.png`,
  `/v1/code-packages/${id}/sample.svg`,
  `/v1/code-packages/${id}/codes`,
];

describe("capabilities over HTTP", () => {
  it("lets admins download codes and refuses inspectors and stock operators with 403 codes.export", async () => {
    const app = createTestApp();
    const pkg = await singleCodePackage(app);
    for (const path of codeDownloads(pkg.id)) {
      const admin = await app.call("GET", path);
      expect(admin.status, `${path}: ${admin.text}`).toBe(200);
      for (const token of ["acme-inspector", "acme-operator"]) {
        const refused = await app.call("GET", path, { token });
        expect(refused.status, `${path} as ${token}`).toBe(403);
        expect(refused.json).toMatchObject({
          code: "FORBIDDEN",
          details: { actor: `${token}-user`, capability: "codes.export" },
        });
      }
    }
    // The package itself stays readable to every staff role.
    const inspected = await app.call("GET", `/v1/code-packages/${pkg.id}`, {
      token: "acme-inspector",
    });
    expect(inspected.status).toBe(200);
  });

  it("refuses a forbidden caller before judging the input", async () => {
    const app = createTestApp();
    const reply = await app.call("GET", "/v1/code-packages/pkg_x/codes.csv?level=nonsense", {
      token: "acme-inspector",
    });
    expect(reply.status).toBe(403);
  });

  it("refuses consumers on staff routes with 403", async () => {
    const app = createTestApp();
    const reply = await app.call("GET", "/v1/merchants", { token: "acme-consumer" });
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({
      code: "FORBIDDEN",
      details: { actor: "acme-consumer-user" },
    });
    expect(reply.json.detail).toContain("cannot use staff routes");
  });

  it("documents the capability of a route and 403 on every authenticated route", async () => {
    const app = createTestApp();
    const { json } = await app.call("GET", "/openapi.json", { token: null });
    const csv = json.paths["/v1/code-packages/{packageId}/codes.csv"].get;
    expect(csv["x-onecode-capability"]).toBe("codes.export");
    expect(Object.keys(csv.responses)).toContain("403");
    expect(Object.keys(json.paths["/v1/merchants"].get.responses)).toContain("403");
  });
});

describe("the caller of a route", () => {
  const staff = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
  const consumer = tenantContext("acme", { id: "openid-1", kind: "consumer" });
  const request = new Request("http://test.local/");
  const answer = (ctx: typeof staff | null) => async () => ctx;

  it("authenticates nobody on public routes", async () => {
    const authenticate = async () => {
      throw new Error("not called");
    };
    expect(await callerOf("public", request, { authenticate })).toBeNull();
  });

  it("takes consumers from authenticateConsumer, or authenticate without it", async () => {
    expect(
      await callerOf("consumer", request, {
        authenticate: answer(staff),
        authenticateConsumer: answer(consumer),
      }),
    ).toBe(consumer);
    expect(await callerOf("consumer", request, { authenticate: answer(consumer) })).toBe(consumer);
  });

  it("answers 401 without credentials and 403 for the wrong kind of actor", async () => {
    await expect(
      callerOf("consumer", request, { authenticate: answer(null) }),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const wrongKind = callerOf("consumer", request, { authenticate: answer(staff) });
    await expect(wrongKind).rejects.toBeInstanceOf(OneCodeError);
    await expect(
      callerOf("consumer", request, { authenticate: answer(staff) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { actor: "alice" } });
    await expect(
      callerOf("staff", request, { authenticate: answer(consumer) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { actor: "openid-1" } });
    const system = tenantContext("acme");
    expect(await callerOf("staff", request, { authenticate: answer(system) })).toBe(system);
  });
});
