import { describe, expect, it } from "vitest";
import { enterpriseSchema } from "../src/schemas/enterprise-schemas.js";
import { staffMemberSchema } from "../src/schemas/staff-schemas.js";
import { createTraceApp, expectStatus, enterpriseTree as tree } from "./support/trace-fixtures.js";

describe("enterprise routes", () => {
  it("builds the tree: roots, children, siblings, moves, patches and deletes", async () => {
    const app = createTraceApp();
    const { factory, distributor, retailer, north } = await tree(app);
    expect(enterpriseSchema.parse(north)).toMatchObject({
      parentId: factory.id,
      ancestorIds: [factory.id],
    });
    const roots = await app.call("GET", "/v1/enterprises");
    expect(roots.json.items.map((e: { id: string }) => e.id)).toEqual([factory.id]);
    const children = await app.call("GET", `/v1/enterprises?parentId=${factory.id}`);
    expect(children.json.items.map((e: { id: string }) => e.id).sort()).toEqual(
      [distributor.id, north.id].sort(),
    );

    const moved = expectStatus(
      await app.call("POST", `/v1/enterprises/${retailer.id}/move`, {
        body: { parentId: north.id },
      }),
      200,
    );
    expect(moved.json).toMatchObject({ parentId: north.id, ancestorIds: [factory.id, north.id] });
    const cycle = await app.call("POST", `/v1/enterprises/${factory.id}/move`, {
      body: { parentId: retailer.id },
    });
    expect(cycle.status).toBe(400);
    expect(cycle.json.errors).toEqual([
      expect.objectContaining({ field: "parentId", rule: "no_cycle" }),
    ]);
    const missing = await app.call("POST", `/v1/enterprises/${factory.id}/move`, {
      body: { parentId: "ent_missing" },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.details).toMatchObject({ field: "parentId" });
    const rooted = await app.call("POST", `/v1/enterprises/${retailer.id}/move`, {
      body: { parentId: null },
    });
    expect(rooted.json).toMatchObject({ parentId: null, ancestorIds: [] });

    const patched = await app.call("PATCH", `/v1/enterprises/${retailer.id}`, {
      body: { address: "1 Tianhe Rd", socialCreditCode: "91350100M000100Y43" },
    });
    expect(patched.json).toMatchObject({
      address: "1 Tianhe Rd",
      socialCreditCode: "91350100M000100Y43",
    });
    const badCode = await app.call("PATCH", `/v1/enterprises/${retailer.id}`, {
      body: { socialCreditCode: "91350100M000100Y44" },
    });
    expect(badCode.json.errors).toEqual([
      expect.objectContaining({ field: "socialCreditCode", rule: "social_credit_code" }),
    ]);
    const notEmpty = await app.call("DELETE", `/v1/enterprises/${factory.id}`);
    expect([notEmpty.status, notEmpty.json.code]).toEqual([409, "ENTERPRISE_NOT_EMPTY"]);
    expectStatus(await app.call("DELETE", `/v1/enterprises/${retailer.id}`), 204);
    expect((await app.call("GET", `/v1/enterprises/${retailer.id}`)).status).toBe(404);

    const invalid = await app.call("POST", "/v1/enterprises", {
      body: { name: "", salesRegion: "CN GD", parentId: 3 },
    });
    expect(invalid.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "name",
      "parentId",
      "salesRegion",
    ]);
    const inspector = await app.call("POST", "/v1/enterprises", {
      token: "acme-inspector",
      body: { name: "X", salesRegion: "CN-GD" },
    });
    expect(inspector.status).toBe(403);
    expect(
      (await app.call("GET", "/v1/enterprises", { token: "globex-admin" })).json.items,
    ).toEqual([]);
  });
});

describe("staff routes", () => {
  it("creates, lists, updates and deletes staff members", async () => {
    const app = createTraceApp();
    const { distributor } = await tree(app);
    const created = expectStatus(
      await app.call("POST", "/v1/staff", {
        body: {
          loginName: "operator_1",
          roles: ["stock_operator"],
          enterpriseIds: [distributor.id],
        },
      }),
      201,
    );
    const member = staffMemberSchema.parse(created.json);
    expect(member).toMatchObject({ displayName: "operator_1", enterpriseIds: [distributor.id] });
    expect(created.headers.get("location")).toBe(`/v1/staff/${member.id}`);
    const taken = await app.call("POST", "/v1/staff", {
      body: { loginName: "operator_1", roles: ["inspector"] },
    });
    expect([taken.status, taken.json.code]).toEqual([409, "LOGIN_NAME_TAKEN"]);
    const cjk = await app.call("POST", "/v1/staff", {
      body: { loginName: "稽查员_张三丰", roles: ["inspector"] },
    });
    expect(cjk.status).toBe(201);
    const invalid = await app.call("POST", "/v1/staff", {
      body: { loginName: "ab", roles: [], enterpriseIds: "all" },
    });
    expect(invalid.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "enterpriseIds",
      "loginName",
      "roles",
    ]);
    const badChars = await app.call("POST", "/v1/staff", {
      body: { loginName: "bad name!", roles: ["admin"] },
    });
    expect(badChars.json.errors).toEqual([
      expect.objectContaining({ field: "loginName", rule: "login_name" }),
    ]);
    const listed = await app.call("GET", "/v1/staff?limit=1");
    expect(listed.json.items).toHaveLength(1);
    expect(listed.json.nextCursor).not.toBeNull();
    const updated = await app.call("PATCH", `/v1/staff/${member.id}`, {
      body: { roles: ["stock_operator", "inspector"] },
    });
    expect(updated.json.roles).toEqual(["stock_operator", "inspector"]);
    expectStatus(await app.call("DELETE", `/v1/staff/${member.id}`), 204);
    expect((await app.call("GET", `/v1/staff/${member.id}`)).status).toBe(404);
  });
});
