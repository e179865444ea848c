import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createPostgresDb } from "../src/connect.js";
import { DATABASE_URL, postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();

describe.skipIf(Boolean(skip))(`createPostgresDb${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("sets search_path to the schema on every pooled connection", async () => {
    const schema = await schemas.create();
    const db = schemas.open(schema);
    const seen = await Promise.all(
      Array.from({ length: 8 }, () =>
        db
          .connection()
          .execute((connection) =>
            sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(connection),
          ),
      ),
    );
    for (const result of seen) expect(result.rows[0]?.schema).toBe(schema);
  });

  it("uses a mixed-case schema name as written", async () => {
    const db = createPostgresDb({ connectionString: DATABASE_URL, schema: "OneCode_Mixed" });
    try {
      const { rows } = await sql<{ search_path: string }>`SHOW search_path`.execute(db);
      expect(rows[0]?.search_path).toBe('"OneCode_Mixed"');
    } finally {
      await db.destroy();
    }
  });

  it("refuses a schema name that is not a plain identifier", () => {
    for (const schema of ["", "1abc", "a b", 'x" -c role=admin', "a".repeat(64)]) {
      expect(() => createPostgresDb({ connectionString: DATABASE_URL, schema })).toThrow(
        RangeError,
      );
    }
  });
});
