import { auditEntryRecord, freshTenantId } from "@onecode/core/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("audit log schema", target), () => {
    it("refuses UPDATE, DELETE and TRUNCATE of audit rows even from raw SQL, and keeps the rows", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const tenant = freshTenantId();
      const entry = auditEntryRecord(tenant);
      await storage.audit.append([entry]);
      await expect(
        sql`UPDATE onecode_audit_log SET action = 'forged' WHERE tenant_id = ${tenant}`.execute(db),
      ).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(
        sql`DELETE FROM onecode_audit_log WHERE tenant_id = ${tenant}`.execute(db),
      ).rejects.toThrow(/append-only: DELETE refused/);
      await expect(sql`TRUNCATE onecode_audit_log`.execute(db)).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
      expect(await storage.audit.list(tenant, {}, { limit: 10, beforeId: null })).toEqual([entry]);
    });

    it("has an index for each filter, ending in id for newest-first pages", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'onecode_audit_log'
      `.execute(db);
      const defs = new Map(rows.map((row) => [row.indexname, row.indexdef]));
      expect(defs.get("onecode_audit_log_pkey")).toMatch(/UNIQUE INDEX .*\(tenant_id, id\)$/);
      expect(defs.get("onecode_audit_log_actor_idx")).toMatch(/\(tenant_id, actor_id, id\)$/);
      expect(defs.get("onecode_audit_log_target_idx")).toMatch(
        /\(tenant_id, target_type, target_id, id\)$/,
      );
      expect(defs.get("onecode_audit_log_action_idx")).toMatch(/\(tenant_id, action, id\)$/);
      expect(defs.get("onecode_audit_log_at_idx")).toMatch(/\(tenant_id, at, id\)$/);
    });
  });
}
