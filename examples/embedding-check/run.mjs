#!/usr/bin/env node
// The embedding check: what a new user gets who installs the packed packages
// into a fresh TypeScript app. It packs the built packages, creates the app in
// a temporary folder (strict tsconfig with exactOptionalPropertyTypes and
// noUncheckedIndexedAccess, module NodeNext), installs the tarballs and the
// libraries each setup needs from the npm registry, type-checks the programs
// in ./app with tsc (zero errors wanted) and runs each one (one request each).
//
// Usage: npm run build && npm run check:embedding   (KEEP=1 keeps the app folder)
// Needs: the npm registry, PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const PACKAGES = ["core", "http", "adapter-postgres", "adapter-redis"];

/** What each setup needs besides OneCode, at the versions the repository tests against. */
const LIBRARIES = [
  "typescript",
  "@types/node",
  "@electric-sql/pglite",
  "kysely",
  "kysely-pglite-dialect",
  "pg",
  "@types/pg",
  "ioredis",
  "express",
  "@types/express",
  "fastify",
  "hono",
  "@hono/node-server",
];

/** Each program of ./app, in the order they run. */
const PROGRAMS = [
  "memory",
  "pglite",
  "postgres-redis",
  "node-http",
  "express",
  "fastify",
  "hono",
  "next-route",
];

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    outDir: "dist",
  },
  include: ["*.ts", "app/**/*.ts"],
};

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
}

function lockedVersion(name) {
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8"));
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) throw new Error(`${name} is not in the repository's package-lock.json`);
  return entry.version;
}

for (const name of PACKAGES) {
  if (!existsSync(join(repo, "packages", name, "dist"))) {
    console.error(`packages/${name}/dist is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}

const root = mkdtempSync(join(tmpdir(), "onecode-embedding-"));
const packs = join(root, "packs");
const app = join(root, "app");
mkdirSync(packs);
console.log(`== packing into ${packs}`);
run(
  "npm",
  [
    "pack",
    "--silent",
    "--pack-destination",
    packs,
    ...PACKAGES.map((name) => `-w=@onecode/${name}`),
  ],
  repo,
);

console.log(`== fresh app in ${app}`);
cpSync(join(here, "app"), app, { recursive: true });
writeFileSync(
  join(app, "package.json"),
  `${JSON.stringify({ name: "fresh-app", private: true, type: "module" }, null, 2)}\n`,
);
writeFileSync(join(app, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
const tarballs = PACKAGES.map((name) => {
  const { version } = JSON.parse(
    readFileSync(join(repo, "packages", name, "package.json"), "utf8"),
  );
  return join(packs, `onecode-${name}-${version}.tgz`);
});
const libraries = LIBRARIES.map((name) => `${name}@${lockedVersion(name)}`);
run(
  "npm",
  ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs, ...libraries],
  app,
);

const results = [];
console.log("== tsc (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, NodeNext)");
const tsc = spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
const typeErrors = (tsc.stdout.match(/error TS\d+/g) ?? []).length;
process.stdout.write(tsc.stdout);
results.push({ step: "tsc", ok: tsc.status === 0, note: `${typeErrors} type errors` });

for (const program of PROGRAMS) {
  console.log(`== ${program}`);
  const started = Date.now();
  const child = spawnSync("node", [join("dist", `${program}.js`)], {
    cwd: app,
    encoding: "utf8",
    timeout: 60_000,
    env: process.env,
  });
  process.stdout.write(child.stdout ?? "");
  process.stderr.write(child.stderr ?? "");
  const ok = child.status === 0;
  const note = ok ? `${Date.now() - started} ms` : (child.error?.message ?? `exit ${child.status}`);
  results.push({ step: program, ok, note });
}

console.log("\n== embedding check");
for (const { step, ok, note } of results)
  console.log(`${ok ? "pass" : "FAIL"}  ${step}  (${note})`);
const { KEEP } = process.env;
if (KEEP) console.log(`kept ${root}`);
else rmSync(root, { recursive: true, force: true });
process.exit(results.every((result) => result.ok) ? 0 : 1);
