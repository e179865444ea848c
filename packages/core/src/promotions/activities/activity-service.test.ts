import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { activityTestKit, rejectionOf, spendSave } from "./activity-test-kit.js";

const freeShipping = { kind: "free_shipping", threshold: 5000 } as const;

describe("activities: create, read, list", () => {
  it("creates a running activity from now, audited, and reads it back", async () => {
    const { onecode, admin, tea } = await activityTestKit();
    const activity = await onecode.activities.create(admin, spendSave([tea.id]));
    expect(activity).toMatchObject({
      id: expect.stringMatching(/^act_/),
      state: "running",
      startsAt: "2026-05-01T08:00:00.000Z",
      endsAt: null,
      version: 1,
      scope: { kind: "products", productIds: [tea.id] },
      audience: { kind: "everyone" },
    });
    expect(await onecode.activities.get(admin, activity.id)).toEqual(activity);
    const audit = await onecode.audit.list(admin, { targetType: "promotion_activity" });
    expect(audit.items.map((entry) => entry.action)).toEqual(["promotions.activity.created"]);
  });

  it("refuses a listed product the catalog does not have, naming the field", async () => {
    const { onecode, admin, tea } = await activityTestKit();
    const error = await rejectionOf(
      onecode.activities.create(admin, spendSave([tea.id, "prd_missing"])),
    );
    expect(isOneCodeError(error, "NOT_FOUND") && error.details).toMatchObject({
      id: "prd_missing",
      field: "scope.productIds.1",
    });
  });

  it("refuses an end in the past and needs promotions.manage", async () => {
    const { onecode, admin, staff } = await activityTestKit();
    const past = spendSave([], { endsAt: "2026-04-01T00:00:00Z" });
    expect(issuesOf(await rejectionOf(onecode.activities.create(admin, past)))).toEqual([
      ["endsAt", "in_future"],
    ]);
    const denied = await rejectionOf(
      onecode.activities.create(staff("acme", "inspector"), spendSave()),
    );
    expect(isOneCodeError(denied, "FORBIDDEN")).toBe(true);
  });

  it("lists by kind and state, newest first, in pages", async () => {
    const { onecode, admin, clock, tea, cup } = await activityTestKit();
    const later = { startsAt: "2026-06-01T00:00:00Z" };
    const a = await onecode.activities.create(admin, spendSave([tea.id]));
    const b = await onecode.activities.create(admin, spendSave([cup.id], later));
    const c = await onecode.activities.create(admin, { name: "Free", terms: freeShipping });
    const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
    expect(ids(await onecode.activities.list(admin))).toEqual([c.id, b.id, a.id]);
    expect(ids(await onecode.activities.list(admin, { state: "scheduled" }))).toEqual([b.id]);
    expect(ids(await onecode.activities.list(admin, { kind: "free_shipping" }))).toEqual([c.id]);
    const first = await onecode.activities.list(admin, { limit: 2 });
    expect(ids(first)).toEqual([c.id, b.id]);
    expect(
      ids(await onecode.activities.list(admin, { limit: 2, cursor: first.nextCursor })),
    ).toEqual([a.id]);
    clock.set("2026-06-02T00:00:00Z");
    expect(ids(await onecode.activities.list(admin, { state: "running" }))).toEqual([
      c.id,
      b.id,
      a.id,
    ]);
    expect(
      issuesOf(await rejectionOf(onecode.activities.list(admin, { state: "paused" as never }))),
    ).toEqual([["state", "one_of"]]);
  });
});

describe("activities: one activity per product at a time", () => {
  it("names the activity and product in the way", async () => {
    const { onecode, admin, tea, cup } = await activityTestKit();
    const first = await onecode.activities.create(admin, spendSave([tea.id]));
    const error = await rejectionOf(onecode.activities.create(admin, spendSave([cup.id, tea.id])));
    expect(isOneCodeError(error, "ACTIVITY_CONFLICT") && error.details).toEqual({
      activityId: first.id,
      activityName: "Spend 50 save 15",
      productId: tea.id,
    });
  });

  it("treats an all-products scope as overlapping every product, both ways", async () => {
    const { onecode, admin, tea } = await activityTestKit();
    const all = await onecode.activities.create(admin, spendSave());
    const listed = await rejectionOf(onecode.activities.create(admin, spendSave([tea.id])));
    expect(isOneCodeError(listed, "ACTIVITY_CONFLICT") && listed.details.productId).toBe(tea.id);
    const again = await rejectionOf(onecode.activities.create(admin, spendSave()));
    expect(isOneCodeError(again, "ACTIVITY_CONFLICT") && again.details).toMatchObject({
      activityId: all.id,
      productId: null,
    });
  });

  it("exempts free shipping and lets disjoint products and windows coexist", async () => {
    const { onecode, admin, tea, cup } = await activityTestKit();
    await onecode.activities.create(admin, spendSave([tea.id], { endsAt: "2026-05-10T00:00:00Z" }));
    await onecode.activities.create(admin, { name: "Free", terms: freeShipping });
    await onecode.activities.create(admin, {
      name: "Free listed",
      terms: freeShipping,
      scope: { kind: "products", productIds: [tea.id] },
    });
    await onecode.activities.create(admin, spendSave([cup.id]));
    // Starts exactly when the first ends: windows are half-open, so they do not overlap.
    await onecode.activities.create(
      admin,
      spendSave([tea.id], { startsAt: "2026-05-10T00:00:00Z" }),
    );
    const overlapping = spendSave([tea.id], {
      startsAt: "2026-05-09T00:00:00Z",
      endsAt: "2026-05-09T12:00:00Z",
    });
    expect(
      isOneCodeError(
        await rejectionOf(onecode.activities.create(admin, overlapping)),
        "ACTIVITY_CONFLICT",
      ),
    ).toBe(true);
  });

  it("ignores ended activities and checks updates too", async () => {
    const { onecode, admin, clock, tea, cup } = await activityTestKit();
    const ended = await onecode.activities.create(
      admin,
      spendSave([tea.id], { endsAt: "2026-05-02T00:00:00Z" }),
    );
    clock.set("2026-05-03T00:00:00Z");
    await onecode.activities.create(admin, spendSave([tea.id]));
    const future = await onecode.activities.create(
      admin,
      spendSave([cup.id], { startsAt: "2026-07-01T00:00:00Z" }),
    );
    const error = await rejectionOf(
      onecode.activities.update(admin, future.id, {
        scope: { kind: "products", productIds: [tea.id] },
      }),
    );
    expect(isOneCodeError(error, "ACTIVITY_CONFLICT") && error.details.productId).toBe(tea.id);
    expect((await onecode.activities.get(admin, future.id)).scope).toEqual({
      kind: "products",
      productIds: [cup.id],
    });
    expect((await onecode.activities.get(admin, ended.id)).state).toBe("ended");
  });

  it("lets exactly one of two concurrent conflicting creations win", async () => {
    const { onecode, admin, tea } = await activityTestKit();
    const results = await Promise.allSettled([
      onecode.activities.create(admin, spendSave([tea.id])),
      onecode.activities.create(admin, spendSave([tea.id])),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect(isOneCodeError(rejected?.reason, "ACTIVITY_CONFLICT")).toBe(true);
  });
});

describe("activities: update, end, delete", () => {
  it("changes anything before the start; a past start means now", async () => {
    const { onecode, admin, cup } = await activityTestKit();
    const future = await onecode.activities.create(
      admin,
      spendSave([], { startsAt: "2026-06-01T00:00:00Z" }),
    );
    expect(future.state).toBe("scheduled");
    const changed = await onecode.activities.update(admin, future.id, {
      name: "Cups 9折",
      terms: { kind: "spend_discount", basis: "amount", tiers: [{ threshold: 100, zhe: "9" }] },
      scope: { kind: "products", productIds: [cup.id] },
      startsAt: "2026-04-01T00:00:00Z",
    });
    expect(changed).toMatchObject({
      name: "Cups 9折",
      state: "running",
      startsAt: "2026-05-01T08:00:00.000Z",
      version: 2,
    });
    expect(await onecode.activities.update(admin, future.id, {})).toEqual(changed);
  });

  it("lets a running activity change only its name and end", async () => {
    const { onecode, admin, tea } = await activityTestKit();
    const running = await onecode.activities.create(admin, spendSave([tea.id]));
    const renamed = await onecode.activities.update(admin, running.id, {
      name: "Renamed",
      endsAt: "2026-05-20T00:00:00Z",
    });
    expect(renamed).toMatchObject({ name: "Renamed", endsAt: "2026-05-20T00:00:00.000Z" });
    const frozen = await rejectionOf(
      onecode.activities.update(admin, running.id, { audience: { kind: "first_order" } }),
    );
    expect(isOneCodeError(frozen, "FIELD_IMMUTABLE") && frozen.details.field).toBe("audience");
    // Re-sending an unchanged frozen field is no change.
    await onecode.activities.update(admin, running.id, { scope: running.scope, name: "Again" });
  });

  it("ends a running activity early, then refuses changes; delete only before the start", async () => {
    const { onecode, admin, clock, tea, cup } = await activityTestKit();
    const running = await onecode.activities.create(admin, spendSave([tea.id]));
    const future = await onecode.activities.create(
      admin,
      spendSave([cup.id], { startsAt: "2026-06-01T00:00:00Z" }),
    );
    const notRunning = await rejectionOf(onecode.activities.end(admin, future.id));
    expect(
      isOneCodeError(notRunning, "INVALID_STATE_TRANSITION") && notRunning.details,
    ).toMatchObject({
      from: "scheduled",
      required: "running",
    });
    const started = await rejectionOf(onecode.activities.delete(admin, running.id));
    expect(isOneCodeError(started, "INVALID_STATE_TRANSITION") && started.details.from).toBe(
      "running",
    );
    clock.advance(60_000);
    const ended = await onecode.activities.end(admin, running.id);
    expect(ended).toMatchObject({ state: "ended", endsAt: "2026-05-01T08:01:00.000Z" });
    const locked = await rejectionOf(onecode.activities.update(admin, running.id, { name: "x" }));
    expect(isOneCodeError(locked, "INVALID_STATE_TRANSITION")).toBe(true);
    // The product is free again from the moment it ended.
    await onecode.activities.create(admin, spendSave([tea.id]));
    await onecode.activities.delete(admin, future.id);
    expect(
      isOneCodeError(await rejectionOf(onecode.activities.get(admin, future.id)), "NOT_FOUND"),
    ).toBe(true);
    const audit = await onecode.audit.list(admin, { targetType: "promotion_activity" });
    expect(audit.items.map((entry) => entry.action).sort()).toEqual([
      "promotions.activity.created",
      "promotions.activity.created",
      "promotions.activity.created",
      "promotions.activity.deleted",
      "promotions.activity.ended",
    ]);
  });
});
