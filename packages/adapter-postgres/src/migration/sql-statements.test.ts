import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "./sql-statements.js";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons and drops empty and comment-only pieces", () => {
    expect(
      splitSqlStatements("CREATE TABLE a (x int);\n\n-- done\nCREATE INDEX i ON a (x);\n-- end;\n"),
    ).toEqual(["CREATE TABLE a (x int)", "-- done\nCREATE INDEX i ON a (x)"]);
  });

  it("keeps a final statement without a semicolon", () => {
    expect(splitSqlStatements("SELECT 1; SELECT 2")).toEqual(["SELECT 1", "SELECT 2"]);
  });

  it("ignores semicolons in strings, identifiers and comments", () => {
    const script = [
      "INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y');",
      'CREATE TABLE "odd;name" (x int); -- a; comment',
      "/* block; /* nested; */ still; */ SELECT 1;",
    ].join("\n");
    expect(splitSqlStatements(script)).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y')",
      'CREATE TABLE "odd;name" (x int)',
      "-- a; comment\n/* block; /* nested; */ still; */ SELECT 1",
    ]);
  });

  it("ignores semicolons inside dollar-quoted bodies but not after $1 parameters", () => {
    const body =
      "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql";
    expect(splitSqlStatements(`${body}; DO $$ BEGIN PERFORM 1; END $$; SELECT $1;`)).toEqual([
      body,
      "DO $$ BEGIN PERFORM 1; END $$",
      "SELECT $1",
    ]);
  });

  it("splits the shipped migrations into their statements", async () => {
    const { readFile } = await import("node:fs/promises");
    const catalog = await readFile(
      new URL("../../migrations/0001_catalog.sql", import.meta.url),
      "utf8",
    );
    const statements = splitSqlStatements(catalog);
    const heads = statements.map((statement) =>
      statement
        .replace(/--[^\n]*/g, "")
        .trim()
        .split(/\s+/)
        .slice(0, 4)
        .join(" "),
    );
    expect(heads).toEqual([
      "CREATE TABLE onecode_merchants (",
      "CREATE TABLE onecode_products (",
      "CREATE INDEX onecode_products_merchant_idx ON",
      "CREATE UNIQUE INDEX onecode_products_gtin_key",
    ]);
  });
});
