import { describe, expect, it } from "vitest";
import { traceBatchSchema } from "../src/schemas/trace-batch-schemas.js";
import {
  batchInput,
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  expectStatus,
} from "./support/trace-fixtures.js";

describe("trace batch routes", () => {
  it("creates, reads, lists with filters, updates and deletes a batch", async () => {
    const app = createTraceApp();
    const { productId, merchantId } = await catalog(app);
    const created = expectStatus(
      await app.call("POST", "/v1/trace-batches", { body: batchInput(productId) }),
      201,
    );
    const batch = traceBatchSchema.parse(created.json);
    expect(batch).toMatchObject({
      tenantId: "acme",
      merchantId,
      productId,
      status: "inactive",
      expiryDate: "2027-04-01",
      codeCount: 0,
      seal: null,
      template: { kind: "basic", showScanHistory: true, showAuthenticityCheck: true },
    });
    expect(created.headers.get("location")).toBe(`/v1/trace-batches/${batch.id}`);
    expect((await app.call("GET", `/v1/trace-batches/${batch.id}`)).json).toEqual(created.json);

    const other = await createBatch(app, productId, { batchNumber: "LJ-2026-002" });
    const byNumber = await app.call("GET", "/v1/trace-batches?batchNumber=LJ-2026-002");
    expect(byNumber.json.items.map((b: { id: string }) => b.id)).toEqual([other.id]);
    const byProduct = await app.call(
      "GET",
      `/v1/trace-batches?productId=${productId}&merchantId=${merchantId}&status=inactive&limit=1`,
    );
    expect(byProduct.json.items).toHaveLength(1);
    expect(byProduct.json.nextCursor).toEqual(expect.any(String));
    expect((await app.call("GET", "/v1/trace-batches?status=active")).json.items).toEqual([]);

    const updated = expectStatus(
      await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
        body: { remark: "Second thoughts", template: { kind: "brand" } },
      }),
      200,
    );
    expect(updated.json).toMatchObject({ remark: "Second thoughts", template: { kind: "brand" } });
    expect(updated.json.version).toBeGreaterThan(batch.version);

    const taken = await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
      body: { batchNumber: "LJ-2026-002" },
    });
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe("BATCH_NUMBER_TAKEN");

    expectStatus(await app.call("DELETE", `/v1/trace-batches/${batch.id}`), 204);
    expect((await app.call("GET", `/v1/trace-batches/${batch.id}`)).status).toBe(404);
  });

  it("binds and unbinds packages, and moves the batch through its states", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId, productId } = await catalog(app);
    const batch = await createBatch(app, productId);
    const pkg = await codePackage(app, merchantId, ruleId, { quantity: 4 });
    const spare = await codePackage(app, merchantId, ruleId, { quantity: 2 });

    const bound = expectStatus(
      await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
        body: { packageId: pkg.id },
      }),
      200,
    );
    expect(bound.json.codeCount).toBe(4);
    await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
      body: { packageId: spare.id },
    });
    const listed = await app.call("GET", `/v1/trace-batches/${batch.id}/packages`);
    expect(listed.json).toEqual({ packageIds: [pkg.id, spare.id] });

    const other = await createBatch(app, productId, { batchNumber: "LJ-2026-009" });
    const twice = await app.call("POST", `/v1/trace-batches/${other.id}/packages`, {
      body: { packageId: pkg.id },
    });
    expect([twice.status, twice.json.code]).toEqual([409, "PACKAGE_ALREADY_BOUND"]);

    const unbound = expectStatus(
      await app.call("DELETE", `/v1/trace-batches/${batch.id}/packages/${spare.id}`),
      200,
    );
    expect(unbound.json.codeCount).toBe(4);
    const hasPackages = await app.call("DELETE", `/v1/trace-batches/${batch.id}`);
    expect([hasPackages.status, hasPackages.json.code]).toEqual([409, "BATCH_HAS_PACKAGES"]);

    const status = (value: string) =>
      app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: value } });
    expect((await status("active")).json.status).toBe("active");
    const late = await app.call("DELETE", `/v1/trace-batches/${batch.id}/packages/${pkg.id}`);
    expect(late.status).toBe(409);
    expect((await status("frozen")).json.status).toBe("frozen");
    expect((await status("active")).json.status).toBe("active");
    const back = await status("inactive");
    expect([back.status, back.json.code]).toEqual([409, "INVALID_STATE_TRANSITION"]);
  });

  it("names the invalid fields of a batch, from the schema and from core", async () => {
    const app = createTraceApp();
    const { productId } = await catalog(app);
    const invalid = await app.call("POST", "/v1/trace-batches", {
      body: batchInput(productId, {
        batchNumber: "",
        productionDate: "2026-02-30x",
        shelfLifeDays: 0,
        customFields: [{ title: "t".repeat(21), type: "gif", content: "x" }],
        template: { kind: "fancy", autoplay: true },
        color: "red",
      }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.code).toBe("VALIDATION_FAILED");
    const fields = invalid.json.errors.map((issue: { field: string }) => issue.field).sort();
    expect(fields).toEqual([
      "batchNumber",
      "color",
      "customFields.0.title",
      "customFields.0.type",
      "productionDate",
      "shelfLifeDays",
      "template.autoplay",
      "template.kind",
    ]);
    // A calendar check only core makes: February 30th has the right shape.
    const impossible = await app.call("POST", "/v1/trace-batches", {
      body: batchInput(productId, { productionDate: "2026-02-30" }),
    });
    expect(impossible.status).toBe(400);
    expect(impossible.json.errors).toEqual([
      expect.objectContaining({ field: "productionDate", rule: "date" }),
    ]);
    const wrongStatus = await app.call("POST", "/v1/trace-batches/x/status", {
      body: { status: "paused" },
    });
    expect(wrongStatus.json.errors).toEqual([
      expect.objectContaining({ field: "status", rule: "one_of" }),
    ]);
    const query = await app.call("GET", "/v1/trace-batches?status=paused&limit=0");
    expect(query.json.errors.map((issue: { field: string }) => issue.field)).toEqual([
      "status",
      "limit",
    ]);
    const missingProduct = await app.call("POST", "/v1/trace-batches", {
      body: batchInput("prd_missing"),
    });
    expect([missingProduct.status, missingProduct.json.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("keeps tenants apart and refuses writes without the admin role", async () => {
    const app = createTraceApp();
    const { productId } = await catalog(app);
    const batch = await createBatch(app, productId);
    const foreign = await app.call("GET", `/v1/trace-batches/${batch.id}`, {
      token: "globex-admin",
    });
    expect(foreign.status).toBe(404);
    expect(
      (await app.call("GET", "/v1/trace-batches", { token: "globex-admin" })).json.items,
    ).toEqual([]);
    const foreignWrite = await app.call("POST", `/v1/trace-batches/${batch.id}/status`, {
      token: "globex-admin",
      body: { status: "active" },
    });
    expect(foreignWrite.status).toBe(404);
    const inspector = await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
      token: "acme-inspector",
      body: { remark: "no" },
    });
    expect([inspector.status, inspector.json.code]).toEqual([403, "FORBIDDEN"]);
    expect((await app.call("GET", "/v1/trace-batches", { token: null })).status).toBe(401);
  });
});
