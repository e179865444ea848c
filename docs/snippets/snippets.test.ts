/**
 * Every ```ts block of the guides and READMEs compiles under the strict
 * tsconfig of a fresh app (`tsconfig.app.json`: strict,
 * exactOptionalPropertyTypes, noUncheckedIndexedAccess) against the built
 * packages (`dist/`, as installed from npm), and every block not marked
 * `no-run` runs in its own Node process in a fresh directory: PostgreSQL at
 * DATABASE_URL (a schema of its own) and Redis at REDIS_URL when reachable.
 * Flags and hidden setup are described in `extract.ts`. Types come from
 * `dist/`: `npm test` builds changed packages first; after editing a package,
 * run `npm run build` before running this file alone.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serviceSkipReason } from "@onecode/core/testing";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { programsOf, renderProgram } from "./extract.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const out = join(here, ".out");

// biome-ignore lint/suspicious/noUndeclaredEnvVars: the root vitest run, not a Turborepo task
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the root vitest run, not a Turborepo task
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function markdownFiles(): string[] {
  const guides = readdirSync(join(root, "docs/guides"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/guides/${name}`);
  const readmes = readdirSync(join(root, "packages")).map((name) => `packages/${name}/README.md`);
  return ["README.md", ...guides, ...readmes.filter((path) => existsSync(join(root, path)))];
}

const programs = programsOf(root, markdownFiles()).map((program, index) => {
  const slug = `${String(index).padStart(2, "0")}-${program.name.replace(/[^a-z0-9]+/gi, "-")}`;
  return { ...program, slug, ...renderProgram(program) };
});

/** Type errors per program, located in the markdown. */
const typeErrors = new Map<string, string[]>();

beforeAll(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "src"), { recursive: true });
  writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  writeFileSync(
    join(out, "tsconfig.json"),
    `${JSON.stringify({
      extends: "../tsconfig.app.json",
      compilerOptions: { rootDir: "src", outDir: "js" },
      include: ["src"],
    })}\n`,
  );
  for (const program of programs) {
    if (!program.skip) writeFileSync(join(out, "src", `${program.slug}.ts`), program.source);
  }
  const tsc = spawnSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", out, "--pretty", "false"],
    { cwd: out, encoding: "utf8" },
  );
  const bySlug = new Map(programs.map((program) => [program.slug, program]));
  let current: string[] | undefined;
  for (const line of tsc.stdout.split("\n")) {
    const diagnostic = /^src\/(.+)\.ts\((\d+),(\d+)\): (.*)$/.exec(line);
    if (diagnostic) {
      const [, slug = "", row = "0", column = "0", message = ""] = diagnostic;
      const program = bySlug.get(slug);
      const where = program?.origins[Number(row) - 1] ?? `${slug}:${row}`;
      current = typeErrors.get(program?.name ?? slug) ?? [];
      typeErrors.set(program?.name ?? slug, current);
      current.push(`${where}:${column} ${message}`);
    } else if (line.trim() !== "") {
      // A diagnostic outside the snippets (a declaration file of a package).
      if (/^\S/.test(line)) {
        current = typeErrors.get("(declarations)") ?? [];
        typeErrors.set("(declarations)", current);
      }
      current?.push(line);
    }
  }
}, 120_000);

describe("guide snippets compile under tsconfig.app.json", () => {
  it("package declarations", () => {
    expect((typeErrors.get("(declarations)") ?? []).join("\n")).toBe("");
  });
  for (const program of programs) {
    it.skipIf(program.skip)(program.name, () => {
      expect((typeErrors.get(program.name) ?? []).join("\n")).toBe("");
    });
  }
});

const postgresSkip = await serviceSkipReason({
  service: "PostgreSQL",
  envVar: "DATABASE_URL",
  url: databaseUrl,
  probe: async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  },
});
const redisSkip = await serviceSkipReason({
  service: "Redis",
  envVar: "REDIS_URL",
  url: redisUrl,
  probe: async () => {
    const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.ping();
    } finally {
      client.disconnect();
    }
  },
});

const schemas: string[] = [];

afterAll(async () => {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** A DATABASE_URL whose connections use a fresh schema, so snippets leave `public` alone. */
async function databaseUrlWithSchema(slug: string): Promise<string> {
  const schema = `docs_snippet_${process.pid}_${slug.replace(/[^a-z0-9]+/gi, "_")}`.toLowerCase();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.end();
  schemas.push(schema);
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

/** Runs a compiled program until its top level settles; resolves to its exit code and output. */
function runProgram(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "onecode-snippet-"));
  // The program's top level finishing is the end, even with pools or clients left open.
  const runner = `await import(${JSON.stringify(pathToFileURL(file).href)}); process.exit(0);`;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--enable-source-maps", "--input-type=module", "--eval", runner],
      {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (code) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * How a program runs: with the services it names, and once more without
 * DATABASE_URL when it only prefers PostgreSQL (`DATABASE_URL ? ... : PGlite`).
 */
function variantsOf(source: string): { label: string; postgres: boolean }[] {
  const usesPostgres = /DATABASE_URL/.test(source) && postgresSkip === undefined;
  const optional = /process\.env\.DATABASE_URL\s*\?/.test(source);
  return optional && usesPostgres
    ? [
        { label: "", postgres: true },
        { label: " (without DATABASE_URL)", postgres: false },
      ]
    : [{ label: "", postgres: usesPostgres }];
}

describe("guide snippets run", () => {
  for (const program of programs) {
    const source = program.source;
    const needsPostgres = /process\.env\.DATABASE_URL!/.test(source);
    const needsRedis = /REDIS_URL/.test(source);
    const skip = needsPostgres ? postgresSkip : needsRedis ? redisSkip : undefined;
    for (const variant of variantsOf(source)) {
      it.skipIf(!program.run || skip !== undefined)(
        `${program.name}${variant.label}${skip ? ` (skipped: ${skip})` : ""}`,
        async () => {
          const env: NodeJS.ProcessEnv = { ...process.env };
          delete env.DATABASE_URL;
          delete env.REDIS_URL;
          if (variant.postgres) env.DATABASE_URL = await databaseUrlWithSchema(program.slug);
          if (needsRedis && redisSkip === undefined) env.REDIS_URL = redisUrl;
          const js = join(out, "js", `${program.slug}.js`);
          const { code, output } = await runProgram(js, env);
          expect(code, `${program.name} (${relative(root, js)}) exited ${code}:\n${output}`).toBe(
            0,
          );
        },
        60_000,
      );
    }
  }
});

describe("the install table of getting-started.md", () => {
  it("names each peer with the range its packages declare", () => {
    const declared = new Map<string, string>();
    for (const name of readdirSync(join(root, "packages"))) {
      const path = join(root, "packages", name, "package.json");
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, "utf8")) as {
        peerDependencies?: Record<string, string>;
      };
      for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
        if (!peer.startsWith("@onecode/")) declared.set(peer, range);
      }
    }
    const guide = readFileSync(join(root, "docs/guides/getting-started.md"), "utf8");
    const documented = new Map(
      // A `|` inside a table cell is written `\|`.
      [...guide.matchAll(/^\| `([^`]+)` \| `((?:[^`\\]|\\.)+)` \|/gm)].map((m) => [
        m[1] ?? "",
        (m[2] ?? "").replaceAll("\\|", "|"),
      ]),
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(declared));
  });
});
