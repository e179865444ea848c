import { createOneCode, memoryStorage } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { codePackageSchema } from "../src/schemas/code-package-schemas.js";
import { createMerchant, createQuickRule, waitForPackage } from "./support/codes-fixtures.js";
import { createTestApp } from "./support/test-app.js";

/** An app whose storage fails the second chunk write of every job with a bug, until `fixed`. */
function appWithBrokenSecondChunk() {
  const state = { fixed: false, writes: 0 };
  const storage = memoryStorage();
  const { writeChunk } = storage.codePackages;
  const codePackages = {
    ...storage.codePackages,
    writeChunk: (...args: Parameters<typeof writeChunk>) => {
      if (!state.fixed && ++state.writes === 2) {
        return Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')"));
      }
      return writeChunk(...args);
    },
  };
  const onecode = createOneCode({
    storage: { ...storage, codePackages },
    codes: { chunkSize: 100 },
  });
  return { app: createTestApp({ onecode }), state };
}

describe("POST /v1/code-packages/{packageId}/retry", () => {
  it("requeues a failed job (202 with Location) and it continues from its last committed chunk", async () => {
    const { app, state } = appWithBrokenSecondChunk();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const started = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 250 },
    });
    expect(started.status, started.text).toBe(202);
    const failed = await waitForPackage(app, started.json.id);
    expect(failed.json).toMatchObject({ status: "failed", done: 100, failureCode: null });
    expect(failed.json.failureReason).toMatch(/^internal error/);
    expect(failed.text).not.toContain("Cannot read properties");

    state.fixed = true;
    const retried = await app.call("POST", `/v1/code-packages/${started.json.id}/retry`);
    expect(retried.status, retried.text).toBe(202);
    expect(retried.headers.get("location")).toBe(`/v1/code-packages/${started.json.id}`);
    expect(codePackageSchema.parse(retried.json)).toMatchObject({
      done: 100,
      failureReason: null,
      failureCode: null,
      finishedAt: null,
    });
    const finished = await waitForPackage(app, started.json.id);
    expect(finished.json).toMatchObject({ status: "succeeded", done: 250 });
    const codes = await app.call("GET", `/v1/code-packages/${started.json.id}/codes?limit=1000`);
    const serials = (codes.json.items as Array<{ serial: number }>).map((row) => row.serial);
    expect(serials).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it("answers 409 INVALID_STATE_TRANSITION for a job that has not failed, 403 to non-admins and 404 to other tenants", async () => {
    const { app } = appWithBrokenSecondChunk();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const started = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 50 },
    });
    const done = await waitForPackage(app, started.json.id);
    expect(done.json.status).toBe("succeeded");
    const path = `/v1/code-packages/${started.json.id}/retry`;
    const refused = await app.call("POST", path);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "succeeded", to: "queued" },
    });
    expect((await app.call("POST", path, { token: "acme-inspector" })).status).toBe(403);
    expect((await app.call("POST", path, { token: "globex-admin" })).status).toBe(404);
  });
});
