import { createOneCode, tenantContext } from "@onecode/core";
import { createHandler } from "@onecode/http";
import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });

afterEach(() => {
  vi.restoreAllMocks();
});

for (const target of targets) {
  describe.skipIf(target.skip)(targetTitle("a driver error over HTTP", target), () => {
    it("is a bare 500, and the default log line names the SQLSTATE without parameters, row data or driver text", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      // A column the adapter does not know, NOT NULL without a default: every insert fails with 23502,
      // whose message and detail quote the row, and (on PGlite) whose error carries the parameters.
      await sql`ALTER TABLE onecode_merchants ADD COLUMN audit_note text NOT NULL DEFAULT ''`.execute(
        db,
      );
      await sql`ALTER TABLE onecode_merchants ALTER COLUMN audit_note DROP DEFAULT`.execute(db);
      const storage = postgresStorage({ db });
      const handler = createHandler(createOneCode({ storage }), {
        authenticate: async () => admin,
      });
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});

      const response = await handler(
        new Request("http://test.local/v1/merchants", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            name: "SECRET-MERCHANT",
            codeSource: "platform",
            urlPrefixes: ["https://secret.example/c/"],
          }),
        }),
      );
      const body = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(body)).toMatchObject({ code: "INTERNAL", instance: "/v1/merchants" });
      expect(body).not.toMatch(/SECRET|null value|audit_note|23502/);

      expect(logged).toHaveBeenCalledTimes(1);
      const line = String(logged.mock.calls[0]?.[0]);
      expect(line.split("\n")[0]).toBe(
        "[onecode] POST /v1/merchants failed: storage error SQLSTATE 23502 (integrity constraint violation; table onecode_merchants, column audit_note)",
      );
      expect(line).not.toMatch(/SECRET|secret\.example|null value|Failing row|INSERT INTO/);
      await storage.close();
      await db.destroy();
    });
  });
}
