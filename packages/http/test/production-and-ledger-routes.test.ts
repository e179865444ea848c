import { describe, expect, it } from "vitest";
import { ledgerEntrySchema, sealVerificationSchema } from "../src/schemas/ledger-schemas.js";
import { productionLineSchema, productionTaskSchema } from "../src/schemas/production-schemas.js";
import type { TestApp } from "./support/test-app.js";
import {
  catalog,
  codePackage,
  createBatch,
  createTraceApp,
  expectStatus,
} from "./support/trace-fixtures.js";

async function lineAndBatch(app: TestApp) {
  const { merchantId, ruleId, productId } = await catalog(app);
  const batch = await createBatch(app, productId);
  const line = expectStatus(
    await app.call("POST", "/v1/production-lines", {
      body: { name: "Roasting 1", lineCode: "R-01", workshop: "Hall A", factory: "Hangzhou" },
    }),
    201,
  ).json;
  return { merchantId, ruleId, productId, batch, line };
}

describe("production routes", () => {
  it("manages production lines", async () => {
    const app = createTraceApp();
    const { line } = await lineAndBatch(app);
    expect(productionLineSchema.parse(line)).toMatchObject({
      name: "Roasting 1",
      customFields: [],
    });
    const updated = expectStatus(
      await app.call("PATCH", `/v1/production-lines/${line.id}`, {
        body: {
          workshop: "Hall B",
          customFields: [{ title: "Capacity", type: "text", content: "2t/day" }],
        },
      }),
      200,
    );
    expect(updated.json).toMatchObject({
      workshop: "Hall B",
      customFields: [{ title: "Capacity", type: "text", content: "2t/day", showOnScan: true }],
    });
    const listed = await app.call("GET", "/v1/production-lines?limit=10");
    expect(listed.json.items.map((l: { id: string }) => l.id)).toEqual([line.id]);
    expectStatus(await app.call("DELETE", `/v1/production-lines/${line.id}`), 204);
    expect((await app.call("GET", `/v1/production-lines/${line.id}`)).status).toBe(404);
  });

  it("runs a task from draft to effective to ineffective, and refuses edits after", async () => {
    const app = createTraceApp();
    const { batch, line } = await lineAndBatch(app);
    const created = expectStatus(
      await app.call("POST", "/v1/production-tasks", {
        body: {
          name: "Roast",
          batchId: batch.id,
          lineId: line.id,
          personInCharge: "Wang",
          executedAt: "2026-04-01T08:30:00+08:00",
        },
      }),
      201,
    );
    const task = productionTaskSchema.parse(created.json);
    expect(task).toMatchObject({
      status: "draft",
      line: null,
      executedAt: "2026-04-01T00:30:00.000Z",
    });
    expect(created.headers.get("location")).toBe(`/v1/production-tasks/${task.id}`);

    const edited = await app.call("PATCH", `/v1/production-tasks/${task.id}`, {
      body: { personInCharge: "Li" },
    });
    expect(edited.json.personInCharge).toBe("Li");

    const effective = expectStatus(
      await app.call("POST", `/v1/production-tasks/${task.id}/status`, {
        body: { status: "effective" },
      }),
      200,
    );
    expect(effective.json).toMatchObject({
      status: "effective",
      line: { name: "Roasting 1", lineCode: "R-01", workshop: "Hall A", factory: "Hangzhou" },
    });
    const frozen = await app.call("PATCH", `/v1/production-tasks/${task.id}`, {
      body: { personInCharge: "Zhao" },
    });
    expect(frozen.status).toBe(409);
    const lineInUse = await app.call("DELETE", `/v1/production-lines/${line.id}`);
    expect([lineInUse.status, lineInUse.json.code]).toEqual([409, "PRODUCTION_LINE_IN_USE"]);

    const filtered = await app.call(
      "GET",
      `/v1/production-tasks?batchId=${batch.id}&lineId=${line.id}&status=effective`,
    );
    expect(filtered.json.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect((await app.call("GET", "/v1/production-tasks?status=draft")).json.items).toEqual([]);

    const ineffective = await app.call("POST", `/v1/production-tasks/${task.id}/status`, {
      body: { status: "ineffective" },
    });
    expect(ineffective.json.status).toBe("ineffective");
    const badStatus = await app.call("POST", `/v1/production-tasks/${task.id}/status`, {
      body: { status: "draft" },
    });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.errors[0]).toMatchObject({ field: "status", rule: "one_of" });
  });

  it("names invalid task fields", async () => {
    const app = createTraceApp();
    const invalid = await app.call("POST", "/v1/production-tasks", {
      body: { name: "", lineId: 5, executedAt: "yesterday" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "batchId",
      "executedAt",
      "lineId",
      "name",
    ]);
    const missing = await app.call("POST", "/v1/production-tasks", {
      body: { name: "Roast", batchId: "tb_x", lineId: "pl_x", executedAt: "2026-04-01T08:30:00Z" },
    });
    expect(missing.status).toBe(404);
  });
});

describe("seal and ledger routes", () => {
  it("seals a batch and a task, verifies them and lists the chain", async () => {
    const app = createTraceApp();
    const { merchantId, ruleId, batch, line } = await lineAndBatch(app);
    const unsealed = await app.call("GET", `/v1/trace-batches/${batch.id}/seal/verification`);
    expect([unsealed.status, unsealed.json.details?.kind]).toEqual([404, "seal of trace batch"]);
    const noCodes = await app.call("POST", `/v1/trace-batches/${batch.id}/seal`);
    expect([noCodes.status, noCodes.json.code]).toEqual([409, "BATCH_HAS_NO_CODES"]);
    const pkg = await codePackage(app, merchantId, ruleId, { quantity: 2 });
    await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
      body: { packageId: pkg.id },
    });

    const sealed = expectStatus(await app.call("POST", `/v1/trace-batches/${batch.id}/seal`), 201);
    const entry = ledgerEntrySchema.parse(sealed.json);
    expect(entry).toMatchObject({
      sequence: 1,
      subjectKind: "batch",
      subjectId: batch.id,
      previousHash: "0".repeat(64),
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    const after = await app.call("GET", `/v1/trace-batches/${batch.id}`);
    expect(after.json.seal).toEqual({
      sequence: 1,
      hash: entry.hash,
      sealedAt: expect.any(String),
    });
    expect(after.json.sealedProduct).toMatchObject({
      name: "Longjing Tea",
      gtin: "06901234567892",
    });
    const edit = await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
      body: { remark: "x" },
    });
    expect([edit.status, edit.json.code]).toEqual([409, "SEALED"]);
    const template = await app.call("PATCH", `/v1/trace-batches/${batch.id}`, {
      body: { template: { showScanHistory: false } },
    });
    expect(template.status).toBe(200);

    const verification = expectStatus(
      await app.call("GET", `/v1/trace-batches/${batch.id}/seal/verification`),
      200,
    );
    expect(sealVerificationSchema.parse(verification.json)).toEqual({
      valid: true,
      entries: expect.any(Number),
      problems: [],
    });

    const task = expectStatus(
      await app.call("POST", "/v1/production-tasks", {
        body: {
          name: "Roast",
          batchId: batch.id,
          lineId: line.id,
          executedAt: "2026-04-01T08:30:00Z",
        },
      }),
      201,
    ).json;
    const draftSeal = await app.call("POST", `/v1/production-tasks/${task.id}/seal`);
    expect(draftSeal.status).toBe(409);
    await app.call("POST", `/v1/production-tasks/${task.id}/status`, {
      body: { status: "effective" },
    });
    const taskSeal = expectStatus(
      await app.call("POST", `/v1/production-tasks/${task.id}/seal`),
      201,
    );
    expect(taskSeal.json).toMatchObject({
      sequence: 2,
      subjectKind: "production_task",
      subjectId: task.id,
      previousHash: entry.hash,
    });

    const entries = expectStatus(await app.call("GET", "/v1/ledger/entries"), 200);
    expect(entries.json.items.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2]);
    const rest = await app.call("GET", "/v1/ledger/entries?afterSequence=1&limit=5");
    expect(rest.json.items.map((e: { sequence: number }) => e.sequence)).toEqual([2]);
    const chain = expectStatus(await app.call("GET", "/v1/ledger/verification"), 200);
    expect(chain.json).toEqual({ valid: true, entries: 2, problems: [] });
    const badQuery = await app.call("GET", "/v1/ledger/entries?afterSequence=-1");
    expect(badQuery.json.errors[0]).toMatchObject({ field: "afterSequence", rule: "minimum" });

    const foreign = await app.call("GET", "/v1/ledger/entries", { token: "globex-admin" });
    expect(foreign.json.items).toEqual([]);
    expect(
      (await app.call("GET", "/v1/ledger/verification", { token: "globex-admin" })).json,
    ).toEqual({
      valid: true,
      entries: 0,
      problems: [],
    });
  });
});
