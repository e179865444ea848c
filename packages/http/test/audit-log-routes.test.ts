import { describe, expect, it } from "vitest";
import { activeSinglePackage, createTraceApp, expectStatus } from "./support/trace-fixtures.js";

describe("audit log route", () => {
  it("lists the changes staff made, newest first, filtered by target, action, actor and period", async () => {
    const app = createTraceApp();
    const { batch, merchantId } = await activeSinglePackage(app, 3);
    const trail = expectStatus(
      await app.call("GET", `/v1/audit-log?targetType=trace_batch&targetId=${batch.id}`),
      200,
    ).json;
    expect(trail.items.map((entry: { action: string }) => entry.action)).toEqual([
      "trace.batch.activated",
      "trace.batch.package_bound",
      "trace.batch.created",
    ]);
    expect(trail.items[0]).toMatchObject({
      tenantId: "acme",
      actor: { kind: "staff" },
      target: { type: "trace_batch", id: batch.id },
      changes: { status: { before: "inactive", after: "active" } },
    });
    const created = expectStatus(
      await app.call("GET", "/v1/audit-log?action=catalog.merchant.created&limit=1"),
      200,
    ).json;
    expect(created.items.map((entry: { target: { id: string } }) => entry.target.id)).toEqual([
      merchantId,
    ]);
    const actor = trail.items[0].actor.id;
    const mine = await app.call(
      "GET",
      `/v1/audit-log?actorId=${actor}&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00%2B08:00`,
    );
    expect(expectStatus(mine, 200).json.items.length).toBeGreaterThanOrEqual(5);
    const paged = expectStatus(await app.call("GET", "/v1/audit-log?limit=2"), 200).json;
    const next = expectStatus(
      await app.call("GET", `/v1/audit-log?limit=2&cursor=${paged.nextCursor}`),
      200,
    ).json;
    expect(next.items[0].id < paged.items[1].id).toBe(true);
  });

  it("answers 400 naming each bad filter, and 403 to staff who are not admins", async () => {
    const app = createTraceApp();
    const invalid = await app.call("GET", "/v1/audit-log?from=yesterday&limit=0&actorId=");
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      "actorId",
      "from",
      "limit",
    ]);
    const backwards = await app.call(
      "GET",
      "/v1/audit-log?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z",
    );
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors).toEqual([
      expect.objectContaining({ field: "to", rule: "after_from" }),
    ]);
    const forbidden = await app.call("GET", "/v1/audit-log", { token: "acme-inspector" });
    expect(forbidden.status).toBe(403);
  });
});
