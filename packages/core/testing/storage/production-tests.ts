import { describe, expect, it } from "vitest";
import type { ProductionTask } from "../../src/trace/production/production.js";
import { productionLineRecord, productionTaskRecord } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";
import { traceWorld } from "./trace-setup.js";

const AT = "2026-06-01T00:00:00.000Z";
const MISSING = "zz_00000000000000000000000000";
const SNAPSHOT = { name: "一号线", lineCode: "L-01", workshop: "A", factory: "西湖工厂" };
const SEAL = { sequence: 1, hash: "12".repeat(32), sealedAt: AT };

/** Production lines and tasks: every method, draft-only rules and status races. */
export function productionTests({ storage }: StorageSuiteContext): void {
  async function withLine() {
    const world = await traceWorld(storage());
    const batch = await world.batch();
    const line = productionLineRecord(world.tenant, {
      customFields: [{ title: "产能", type: "text", content: "1000/h", showOnScan: true }],
    });
    await storage().production.insertLine(line);
    return { ...world, batchRecord: batch, line };
  }

  describe("production lines and tasks", () => {
    it("stores lines, lists them newest first and replaces their editable fields", async () => {
      const { tenant, line } = await withLine();
      expect(await storage().production.getLine(tenant, line.id)).toEqual(line);
      const second = productionLineRecord(tenant, { name: "二号线" });
      await storage().production.insertLine(second);
      const page = await storage().production.listLines(tenant, { limit: 1, beforeId: null });
      expect(page).toEqual([second]);
      expect(
        await storage().production.listLines(tenant, { limit: 5, beforeId: second.id }),
      ).toEqual([line]);
      const edited = { ...line, name: "改名", workshop: "", customFields: [], updatedAt: AT };
      expect(await storage().production.updateLine(tenant, { ...edited, createdAt: AT })).toEqual(
        edited,
      );
      expect(await storage().production.getLine(tenant, line.id)).toEqual(edited);
      expect(await storage().production.updateLine(tenant, { ...edited, id: MISSING })).toBeNull();
    });

    it("deletes a line only while no task uses it", async () => {
      const { tenant, line, batchRecord } = await withLine();
      const task = productionTaskRecord(tenant, batchRecord.id, line.id);
      await storage().production.insertTask(task);
      expect(await storage().production.deleteLine(tenant, line.id)).toEqual({
        outcome: "has_tasks",
        taskCount: 1,
      });
      await storage().production.deleteDraft(tenant, task.id);
      expect(await storage().production.deleteLine(tenant, line.id)).toEqual({
        outcome: "deleted",
      });
      expect(await storage().production.getLine(tenant, line.id)).toBeNull();
      expect(await storage().production.deleteLine(tenant, line.id)).toEqual({
        outcome: "not_found",
      });
    });

    it("stores tasks, refusing a missing batch or line, and lists them filtered", async () => {
      const { tenant, line, batchRecord, batch } = await withLine();
      const task = productionTaskRecord(tenant, batchRecord.id, line.id);
      expect(await storage().production.insertTask(task)).toEqual({ outcome: "inserted" });
      expect(await storage().production.getTask(tenant, task.id)).toEqual(task);
      const noBatch = productionTaskRecord(tenant, MISSING, line.id);
      expect(await storage().production.insertTask(noBatch)).toEqual({
        outcome: "batch_not_found",
      });
      const noLine = productionTaskRecord(tenant, batchRecord.id, MISSING);
      expect(await storage().production.insertTask(noLine)).toEqual({ outcome: "line_not_found" });
      expect(await storage().production.getTask(tenant, noLine.id)).toBeNull();

      const otherBatch = await batch();
      const effective = productionTaskRecord(tenant, otherBatch.id, line.id, {
        status: "effective",
        line: SNAPSHOT,
      });
      await storage().production.insertTask(effective);
      const ids = async (filter: object) =>
        (await storage().production.listTasks(tenant, filter, { limit: 50, beforeId: null })).map(
          (row) => row.id,
        );
      expect(await ids({})).toEqual([effective.id, task.id]);
      expect(await ids({ batchId: batchRecord.id })).toEqual([task.id]);
      expect(await ids({ lineId: line.id, status: "effective" })).toEqual([effective.id]);
      expect(await ids({ lineId: MISSING })).toEqual([]);
    });

    it("edits drafts only, keeping status, snapshot, seal and creation time", async () => {
      const { tenant, line, batchRecord, batch } = await withLine();
      const task = productionTaskRecord(tenant, batchRecord.id, line.id);
      await storage().production.insertTask(task);
      const otherBatch = await batch();
      const edited: ProductionTask = {
        ...task,
        name: "揉捻",
        batchId: otherBatch.id,
        personInCharge: "",
        executedAt: "2026-04-02T00:00:00.000Z",
        customFields: [],
        updatedAt: AT,
      };
      const sneaky = { ...edited, status: "effective" as const, line: SNAPSHOT, createdAt: AT };
      expect(await storage().production.updateDraft(tenant, sneaky)).toEqual({
        outcome: "updated",
        task: edited,
      });
      expect(await storage().production.getTask(tenant, task.id)).toEqual(edited);
      expect(
        await storage().production.updateDraft(tenant, { ...edited, lineId: MISSING }),
      ).toEqual({ outcome: "line_not_found" });
      expect(
        await storage().production.updateDraft(tenant, { ...edited, batchId: MISSING }),
      ).toEqual({ outcome: "batch_not_found" });
      expect(await storage().production.updateDraft(tenant, { ...edited, id: MISSING })).toEqual({
        outcome: "not_found",
      });
      const effective = productionTaskRecord(tenant, batchRecord.id, line.id, {
        status: "effective",
        line: SNAPSHOT,
      });
      await storage().production.insertTask(effective);
      expect(await storage().production.updateDraft(tenant, { ...effective, name: "x" })).toEqual({
        outcome: "wrong_status",
        status: "effective",
      });
      expect(await storage().production.getTask(tenant, effective.id)).toEqual(effective);
    });

    it("moves a task's status from the expected one, storing the line snapshot", async () => {
      const { tenant, line, batchRecord } = await withLine();
      const task = productionTaskRecord(tenant, batchRecord.id, line.id);
      await storage().production.insertTask(task);
      const effective = { ...task, status: "effective" as const, line: SNAPSHOT, updatedAt: AT };
      const change = { status: "effective" as const, line: SNAPSHOT, updatedAt: AT };
      expect(
        await storage().production.setTaskStatus(tenant, task.id, "effective", change),
      ).toEqual({ outcome: "wrong_status", status: "draft" });
      expect(await storage().production.setTaskStatus(tenant, task.id, "draft", change)).toEqual({
        outcome: "updated",
        task: effective,
      });
      expect(await storage().production.getTask(tenant, task.id)).toEqual(effective);
      expect(await storage().production.setTaskStatus(tenant, MISSING, "draft", change)).toEqual({
        outcome: "not_found",
      });
    });

    it("applies exactly one of many parallel status changes of a task", async () => {
      const { tenant, line, batchRecord } = await withLine();
      const task = productionTaskRecord(tenant, batchRecord.id, line.id);
      await storage().production.insertTask(task);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          storage().production.setTaskStatus(tenant, task.id, "draft", {
            status: "effective",
            line: { ...SNAPSHOT, name: `line ${i}` },
            updatedAt: AT,
          }),
        ),
      );
      const winners = results.flatMap((result) => (result.outcome === "updated" ? [result] : []));
      expect(winners).toHaveLength(1);
      expect(await storage().production.getTask(tenant, task.id)).toEqual(winners[0]?.task);
    });

    it("deletes drafts only", async () => {
      const { tenant, line, batchRecord } = await withLine();
      const draft = productionTaskRecord(tenant, batchRecord.id, line.id);
      const effective = productionTaskRecord(tenant, batchRecord.id, line.id, {
        status: "effective",
        line: SNAPSHOT,
      });
      await storage().production.insertTask(draft);
      await storage().production.insertTask(effective);
      expect(await storage().production.deleteDraft(tenant, effective.id)).toEqual({
        outcome: "wrong_status",
        status: "effective",
      });
      expect(await storage().production.deleteDraft(tenant, draft.id)).toEqual({
        outcome: "deleted",
      });
      expect(await storage().production.getTask(tenant, draft.id)).toBeNull();
      expect(await storage().production.deleteDraft(tenant, draft.id)).toEqual({
        outcome: "not_found",
      });
    });

    it("marks effective tasks sealed once", async () => {
      const { tenant, line, batchRecord } = await withLine();
      const draft = productionTaskRecord(tenant, batchRecord.id, line.id);
      const effective = productionTaskRecord(tenant, batchRecord.id, line.id, {
        status: "effective",
        line: SNAPSHOT,
      });
      await storage().production.insertTask(draft);
      await storage().production.insertTask(effective);
      expect(await storage().production.markTaskSealed(tenant, draft.id, SEAL)).toEqual({
        outcome: "wrong_status",
        status: "draft",
      });
      const sealed = { ...effective, seal: SEAL, updatedAt: SEAL.sealedAt };
      expect(await storage().production.markTaskSealed(tenant, effective.id, SEAL)).toEqual({
        outcome: "updated",
        task: sealed,
      });
      expect(await storage().production.markTaskSealed(tenant, effective.id, SEAL)).toEqual({
        outcome: "sealed",
      });
      expect(await storage().production.getTask(tenant, effective.id)).toEqual(sealed);
      expect(await storage().production.markTaskSealed(tenant, MISSING, SEAL)).toEqual({
        outcome: "not_found",
      });
    });
  });
}
