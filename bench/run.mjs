#!/usr/bin/env node
// Runs one benchmark: `npm run bench -- <name> [options]` at the repository
// root runs bench/<name>.bench.mjs in a child process of its own (so its
// memory figures are its own) and passes the options on. Without a name it
// lists the benchmarks. Benchmarks import the BUILT packages; the `prebench`
// step builds whatever changed.
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const SUFFIX = ".bench.mjs";
const directory = fileURLToPath(new URL(".", import.meta.url));

const names = (await readdir(directory))
  .filter((file) => file.endsWith(SUFFIX))
  .map((file) => file.slice(0, -SUFFIX.length))
  .sort();

const [name, ...rest] = process.argv.slice(2);

if (name === undefined || name === "--help" || name === "-h") {
  console.log("Usage: npm run bench -- <name> [options]\n\nBenchmarks:");
  for (const bench of names) console.log(`  ${bench}`);
  console.log("\nEach prints human-readable lines, then one JSON line last.");
  process.exit(0);
}

if (!names.includes(name)) {
  console.error(`Unknown benchmark "${name}". Available: ${names.join(", ")}`);
  process.exit(2);
}

const child = spawn(process.execPath, [`${directory}${name}${SUFFIX}`, ...rest], {
  stdio: "inherit",
});
child.on("exit", (code, signal) => {
  if (signal) {
    console.error(`benchmark ${name} was killed by ${signal}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
