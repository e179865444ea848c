import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { DATABASE_URL, postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
/** More calls than PostgreSQL makes before it may switch a statement to its generic plan. */
const CALLS = 8;

const opened: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((client) => client.end()));
});

describe.skipIf(Boolean(skip))(
  `gate function plans: postgres (node-postgres)${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("finds a batch's rows and receipts through their keys in large tables, call after call", async () => {
      const schema = await schemas.create();
      const db = schemas.open(schema);
      await migrate(db);
      await db.destroy();
      const client = new Client({
        connectionString: DATABASE_URL,
        options: `-c search_path="${schema}"`,
      });
      await client.connect();
      opened.push(client);
      await client.query(`
        INSERT INTO onecode_hot_gate_state (tenant_id, scope, kind, key, value, expires_at)
        SELECT 't' || (i % 50), 's', 'claim', 'code:' || i, 1, 'Infinity' FROM generate_series(1, 60000) AS i
      `);
      await client.query("ANALYZE onecode_hot_gate_state");
      const { rows } = await client.query<{ id: string }>(`
        SELECT onecode_gate_pass_batch(
          'setup', 0, 1e12, ARRAY['t1'], ARRAY['s'], ARRAY['counter'], ARRAY['stock'],
          ARRAY['t1'], ARRAY['s'], ARRAY['r0'], ARRAY['{"takes":{"stock":1},"claims":[]}'],
          ARRAY[1e12::float8], ARRAY[1], ARRAY[1], ARRAY[1::smallint], ARRAY[1::bigint],
          ARRAY[1000000::bigint], ARRAY['Infinity'::float8]) AS id
      `);
      expect(rows).toHaveLength(1);

      // Every statement the functions run, with its plan, reaches this client as a notice.
      const plans: string[] = [];
      client.on("notice", (notice) => plans.push(String(notice.message)));
      await client.query("LOAD 'auto_explain'");
      await client.query("SET auto_explain.log_min_duration = 0");
      await client.query("SET auto_explain.log_nested_statements = on");
      await client.query("SET auto_explain.log_level = notice");
      for (let call = 1; call <= CALLS; call++) {
        plans.length = 0;
        await client.query(
          `SELECT * FROM onecode_gate_pass_batch(
            $1, 0, 1e12, ARRAY['t1', 't1', 't1'], ARRAY['s', 's', 's'],
            ARRAY['counter', 'claim', 'claim'], ARRAY['stock', 'code:new' || $1, 'code:51'],
            ARRAY['t1', 't1'], ARRAY['s', 's'], ARRAY['ra' || $1, 'rb' || $1],
            ARRAY['{"takes":{"stock":1},"claims":["code:new' || $1 || '"]}', '{}'],
            ARRAY[1e12, 1e12]::float8[], ARRAY[2, 1], ARRAY[1, 2, 3], ARRAY[1, 2, 2]::smallint[],
            ARRAY[1, 0, 0]::bigint[], ARRAY[1000000, 0, 0]::bigint[],
            ARRAY['Infinity', 0, 0]::float8[])`,
          [String(call)],
        );
        await client.query(
          "SELECT * FROM onecode_gate_undo(0, ARRAY['t1'], ARRAY['s'], ARRAY['ra' || $1])",
          [String(call)],
        );
      }
      const statements = plans.filter((plan) => /onecode_hot_gate_(state|receipts)/.test(plan));
      expect(statements.length).toBeGreaterThanOrEqual(6);
      expect(statements.join("\n")).toMatch(/Index Scan using onecode_hot_gate_state_pkey/);
      expect(statements.join("\n")).toMatch(/onecode_hot_gate_receipts_pkey/);
      for (const plan of statements) {
        expect(plan).not.toMatch(/Seq Scan on onecode_hot_gate_(state|receipts)/);
      }
    });
  },
);
