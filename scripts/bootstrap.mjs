#!/usr/bin/env node
// Makes a fresh clone ready for `npm start` and `npm test`: installs
// dependencies when node_modules is missing or older than the lockfile, and
// builds the workspace packages whose sources changed since their last build.
// Node built-ins only, because it runs before anything is installed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_ENTRIES = ["src", "testing", "migrations", "package.json", "tsup.config.ts"];

function run(command, args) {
  // npm sets npm_execpath when it runs this script; reuse that npm rather than whatever is on PATH.
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: this script runs before and outside Turborepo
  const npmCli = process.env.npm_execpath;
  const [file, argv] =
    command === "npm" && npmCli?.endsWith(".js")
      ? [process.execPath, [npmCli, ...args]]
      : [command, args];
  const result = spawnSync(file, argv, {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32" && file === command,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
  if (result.status !== 0) {
    console.error(`[bootstrap] '${command} ${args.join(" ")}' failed`);
    process.exit(result.status ?? 1);
  }
}

/** Newest modification time below `path` (a file or a directory tree). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function needsInstall() {
  const installed = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(installed)) return "node_modules is missing";
  const lock = join(root, "package-lock.json");
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
    return "package-lock.json is newer than node_modules";
  }
  return null;
}

function workspaceDirs() {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return manifest.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return existsSync(parent)
      ? readdirSync(parent, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(parent, entry.name))
      : [];
  });
}

function staleBuilds() {
  return workspaceDirs().filter((dir) => {
    const manifestPath = join(dir, "package.json");
    if (!existsSync(manifestPath)) return false;
    if (!JSON.parse(readFileSync(manifestPath, "utf8")).scripts?.build) return false;
    const built = newestMtime(join(dir, "dist"));
    const sources = Math.max(...SOURCE_ENTRIES.map((entry) => newestMtime(join(dir, entry))));
    return built === 0 || sources > built;
  });
}

const installReason = needsInstall();
if (installReason) {
  console.log(`[bootstrap] installing dependencies (${installReason})`);
  run("npm", existsSync(join(root, "package-lock.json")) ? ["ci"] : ["install"]);
}

const stale = staleBuilds();
if (stale.length > 0) {
  console.log(`[bootstrap] building ${stale.length} package(s) with changed sources`);
  run("npm", ["run", "build", "--silent", "--", "--output-logs=errors-only"]);
}
