import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { batchCacheKey } from "../trace-runtime.js";
import { traceTestKit } from "../trace-test-kit.js";

async function withLineAndBatch() {
  const kit = await traceTestKit();
  const line = await kit.onecode.production.createLine(kit.admin, {
    name: "一号线",
    lineCode: "L-01",
    workshop: "车间 A",
    factory: "西湖工厂",
  });
  const batch = await kit.batch();
  const task = (input: { name?: string; executedAt?: string } = {}) =>
    kit.onecode.production.createTask(kit.admin, {
      name: input.name ?? "杀青",
      batchId: batch.id,
      lineId: line.id,
      personInCharge: "李师傅",
      executedAt: input.executedAt ?? "2026-04-01T10:30:00+08:00",
    });
  return { ...kit, line, batchRecord: batch, task };
}

describe("production lines", () => {
  it("creates, updates and deletes lines, validating every field", async () => {
    const { onecode, admin, line, clock } = await withLineAndBatch();
    expect(line).toMatchObject({ name: "一号线", lineCode: "L-01", customFields: [] });
    clock.advance(1000);
    const updated = await onecode.production.updateLine(admin, line.id, { workshop: "车间 B" });
    expect(updated).toEqual({ ...line, workshop: "车间 B", updatedAt: "2026-05-01T08:00:01.000Z" });
    const error = await rejectionOf(
      onecode.production.createLine(admin, {
        name: "",
        lineCode: "x".repeat(51),
        workshop: "x".repeat(51),
        factory: "x".repeat(51),
        customFields: [{ title: "t", type: "video", content: "nope", showOnScan: true }],
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["name", "required"],
      ["lineCode", "max_length"],
      ["workshop", "max_length"],
      ["factory", "max_length"],
      ["customFields.0.content", "url"],
    ]);
    expect(
      issuesOf(await rejectionOf(onecode.production.updateLine(admin, line.id, { name: "" }))),
    ).toEqual([["name", "required"]]);
    const page = await onecode.production.listLines(admin);
    expect(page.items).toEqual([updated]);
  });

  it("refuses to delete a line that tasks use", async () => {
    const { onecode, admin, line, task } = await withLineAndBatch();
    const created = await task();
    expect(await rejectionOf(onecode.production.deleteLine(admin, line.id))).toMatchObject({
      code: "PRODUCTION_LINE_IN_USE",
      details: { id: line.id, taskCount: 1 },
    });
    await onecode.production.deleteTask(admin, created.id);
    await onecode.production.deleteLine(admin, line.id);
    expect(await rejectionOf(onecode.production.getLine(admin, line.id))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("production tasks", () => {
  it("creates drafts, storing the execution time in UTC", async () => {
    const { onecode, admin, task, line, batchRecord } = await withLineAndBatch();
    const created = await task();
    expect(created).toEqual({
      id: expect.stringMatching(/^task_/),
      tenantId: "acme",
      name: "杀青",
      batchId: batchRecord.id,
      lineId: line.id,
      personInCharge: "李师傅",
      executedAt: "2026-04-01T02:30:00.000Z",
      customFields: [],
      status: "draft",
      line: null,
      seal: null,
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(await onecode.production.getTask(admin, created.id)).toEqual(created);
  });

  it("validates tasks, naming each field and rule", async () => {
    const { onecode, admin, line, batchRecord } = await withLineAndBatch();
    const error = await rejectionOf(
      onecode.production.createTask(admin, {
        name: "x".repeat(51),
        batchId: "",
        lineId: "",
        personInCharge: "p".repeat(51),
        executedAt: "2026-04-01 10:30",
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["name", "max_length"],
      ["batchId", "required"],
      ["lineId", "required"],
      ["personInCharge", "max_length"],
      ["executedAt", "date_time"],
    ]);
    for (const executedAt of ["2026-02-30T10:00:00Z", "2026-04-01T24:00:00Z", "2026-04-01T10:00"]) {
      const refused = await rejectionOf(
        onecode.production.createTask(admin, {
          name: "t",
          batchId: batchRecord.id,
          lineId: line.id,
          executedAt,
        }),
      );
      expect(issuesOf(refused)).toEqual([["executedAt", "date_time"]]);
    }
    const missing = "zz_00000000000000000000000000";
    const noBatch = onecode.production.createTask(admin, {
      name: "t",
      batchId: missing,
      lineId: line.id,
      executedAt: "2026-04-01T10:00:00Z",
    });
    expect(await rejectionOf(noBatch)).toMatchObject({
      code: "NOT_FOUND",
      details: { field: "batchId", id: missing },
    });
    const noLine = onecode.production.createTask(admin, {
      name: "t",
      batchId: batchRecord.id,
      lineId: missing,
      executedAt: "2026-04-01T10:00:00Z",
    });
    expect(await rejectionOf(noLine)).toMatchObject({
      code: "NOT_FOUND",
      details: { field: "lineId", id: missing },
    });
  });

  it("moves draft → effective → ineffective, snapshotting the line once", async () => {
    const { onecode, admin, task, line } = await withLineAndBatch();
    const created = await task();
    expect(
      await rejectionOf(onecode.production.setTaskStatus(admin, created.id, "ineffective")),
    ).toMatchObject({ code: "INVALID_STATE_TRANSITION", details: { from: "draft" } });
    const effective = await onecode.production.setTaskStatus(admin, created.id, "effective");
    const snapshot = { name: "一号线", lineCode: "L-01", workshop: "车间 A", factory: "西湖工厂" };
    expect(effective).toMatchObject({ status: "effective", line: snapshot });
    await onecode.production.updateLine(admin, line.id, { name: "改名" });
    expect((await onecode.production.getTask(admin, created.id)).line).toEqual(snapshot);
    expect(
      await rejectionOf(onecode.production.setTaskStatus(admin, created.id, "effective")),
    ).toMatchObject({ code: "INVALID_STATE_TRANSITION", details: { from: "effective" } });
    const ineffective = await onecode.production.setTaskStatus(admin, created.id, "ineffective");
    expect(ineffective).toMatchObject({ status: "ineffective", line: snapshot });
    expect(
      issuesOf(
        await rejectionOf(
          onecode.production.setTaskStatus(admin, created.id, "draft" as "effective"),
        ),
      ),
    ).toEqual([["status", "one_of"]]);
  });

  it("edits and deletes drafts only", async () => {
    const { onecode, admin, task } = await withLineAndBatch();
    const draft = await task();
    const edited = await onecode.production.updateTask(admin, draft.id, {
      name: "揉捻",
      executedAt: "2026-04-02T00:00:00Z",
    });
    expect(edited).toMatchObject({
      name: "揉捻",
      personInCharge: "李师傅",
      executedAt: "2026-04-02T00:00:00.000Z",
    });
    expect(
      await rejectionOf(
        onecode.production.updateTask(admin, draft.id, { lineId: "zz_00000000000000000000000000" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", details: { field: "lineId" } });
    await onecode.production.setTaskStatus(admin, draft.id, "effective");
    for (const refused of [
      onecode.production.updateTask(admin, draft.id, { name: "x" }),
      onecode.production.deleteTask(admin, draft.id),
    ]) {
      expect(await rejectionOf(refused)).toMatchObject({
        code: "INVALID_STATE_TRANSITION",
        details: { id: draft.id, from: "effective", required: "draft" },
      });
    }
    const other = await task({ name: "other" });
    await onecode.production.deleteTask(admin, other.id);
    expect(await rejectionOf(onecode.production.getTask(admin, other.id))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lists tasks filtered by batch, line and status", async () => {
    const { onecode, admin, task, batchRecord } = await withLineAndBatch();
    const first = await task();
    const second = await task();
    await onecode.production.setTaskStatus(admin, second.id, "effective");
    const ids = async (filter: object) =>
      (await onecode.production.listTasks(admin, filter)).items.map((t) => t.id);
    expect(await ids({ batchId: batchRecord.id })).toEqual([second.id, first.id]);
    expect(await ids({ status: "effective" })).toEqual([second.id]);
    expect(
      issuesOf(await rejectionOf(onecode.production.listTasks(admin, { status: "x" as "draft" }))),
    ).toEqual([["status", "one_of"]]);
  });

  it("drops the batch's cached scan page when a task's status changes", async () => {
    const { onecode, admin, task, hotState, batchRecord } = await withLineAndBatch();
    const created = await task();
    await hotState.cache.set("acme", batchCacheKey(batchRecord.id), "stale", 60_000);
    await onecode.production.setTaskStatus(admin, created.id, "effective");
    expect(await hotState.cache.get("acme", batchCacheKey(batchRecord.id))).toBeNull();
  });

  it("needs admin for writes and hides tasks and lines from other tenants", async () => {
    const { onecode, staff, task, line } = await withLineAndBatch();
    const created = await task();
    const operator = staff("acme", "stock_operator");
    for (const write of [
      onecode.production.createLine(operator, { name: "x" }),
      onecode.production.updateLine(operator, line.id, { name: "x" }),
      onecode.production.deleteLine(operator, line.id),
      onecode.production.updateTask(operator, created.id, { name: "x" }),
      onecode.production.setTaskStatus(operator, created.id, "effective"),
      onecode.production.deleteTask(operator, created.id),
    ]) {
      expect(await rejectionOf(write)).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await onecode.production.getTask(operator, created.id)).toEqual(created);
    const roleless = staff("acme");
    for (const read of [
      onecode.production.getLine(roleless, line.id),
      onecode.production.listLines(roleless),
      onecode.production.getTask(roleless, created.id),
      onecode.production.listTasks(roleless),
    ]) {
      expect(await rejectionOf(read)).toMatchObject({ code: "FORBIDDEN" });
    }
    const intruder = staff("intruder", "admin");
    for (const call of [
      onecode.production.getLine(intruder, line.id),
      onecode.production.getTask(intruder, created.id),
      onecode.production.updateTask(intruder, created.id, { name: "x" }),
      onecode.production.setTaskStatus(intruder, created.id, "effective"),
      onecode.production.deleteTask(intruder, created.id),
      onecode.production.deleteLine(intruder, line.id),
    ]) {
      expect(await rejectionOf(call)).toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await onecode.production.listTasks(intruder)).items).toEqual([]);
  });
});
