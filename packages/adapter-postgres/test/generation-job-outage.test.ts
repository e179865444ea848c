import { createOneCode, isOneCodeError, tenantContext } from "@onecode/core";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDb } from "../src/connect.js";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { killableConnections } from "./support/backend-killer.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
});

const TOTAL = 100_000;

describe.skipIf(Boolean(skip))(
  `a generation job on PostgreSQL while its connections are terminated${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it(`finishes by itself with exactly ${TOTAL.toLocaleString("en-US")} unique codes, serials 1..total, and no failure`, async () => {
      const schema = await schemas.create();
      const connections = killableConnections();
      const db = createPostgresDb({
        connectionString: connections.url,
        schema,
        max: 4,
        onIdleError: () => {},
      });
      closers.push(() => db.destroy());
      await migrate(db);
      const outages: unknown[] = [];
      const onecode = createOneCode({
        storage: postgresStorage({ db }),
        hotState: postgresHotState({ db }),
        codes: {
          jobRetryMinMs: 20,
          jobRetryMaxMs: 500,
          pollMs: 20,
          onJobError: (error) => outages.push(error),
        },
      });
      closers.push(() => onecode.close());
      const ctx = tenantContext("acme", { id: "ops", kind: "staff", roles: ["admin"] });
      const merchant = await onecode.merchants.create(ctx, {
        name: "Acme Tea",
        codeSource: "platform",
        urlPrefixes: ["https://t.acme.example/c/"],
      });
      const rule = await onecode.codeRules.createQuick(ctx, {
        merchantId: merchant.id,
        charset: "mixed",
        length: 24,
        serials: true,
      });
      const pkg = await onecode.codePackages.generate(ctx, {
        merchantId: merchant.id,
        codeType: "single",
        rules: { item: rule.id },
        quantity: TOTAL,
      });
      const cuts = [20_000, 50_000, 80_000];
      const terminatedAt: number[] = [];
      let last = pkg;
      for await (const progress of onecode.codePackages.watch(ctx, pkg.id, { pollMs: 20 })) {
        expect(progress.failureReason).toBeNull();
        const cut = cuts[terminatedAt.length];
        if (cut !== undefined && progress.done >= cut) {
          expect(await connections.terminate()).toBeGreaterThan(0);
          terminatedAt.push(progress.done);
        }
      }
      last = await onecode.codePackages.get(ctx, pkg.id);
      expect(terminatedAt).toHaveLength(3);
      expect(last).toMatchObject({
        status: "succeeded",
        done: TOTAL,
        failureReason: null,
        failureCode: null,
      });
      // The job met the terminations (it writes without pause, so they cut its statements) and
      // waited them out: an outage is all it ever reported.
      expect(outages.length).toBeGreaterThan(0);
      for (const error of outages) expect(isOneCodeError(error, "SERVICE_UNAVAILABLE")).toBe(true);
      const { rows } = await sql<{ rows: number; codes: number; first: number; last: number }>`
        SELECT count(*)::int AS rows, count(DISTINCT code)::int AS codes,
          min(serial)::int AS first, max(serial)::int AS last
        FROM onecode_codes WHERE tenant_id = ${"acme"} AND package_id = ${pkg.id}
      `.execute(db);
      expect(rows[0]).toEqual({ rows: TOTAL, codes: TOTAL, first: 1, last: TOTAL });
    }, 120_000);
  },
);
