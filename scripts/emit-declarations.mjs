// Emits one readable declaration file per source module, with declaration maps
// back to the sources shipped in the package, so go-to-definition lands on real
// code instead of hashed chunks with renamed exports.
//
// tsc writes the ES module declarations to dist/types/esm. A `.d.ts` file is read
// as ESM or CommonJS by the nearest package.json, so the same files are copied to
// dist/types/cjs next to a package.json saying "commonjs": require() consumers then
// get declarations of the right module kind. Both folders sit at the same depth,
// so the copied declaration maps still point at ../../../src.
//
// Run from a package folder after tsup (which builds only the JavaScript).
import { execFileSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync("dist/types", { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
cpSync("dist/types/esm", "dist/types/cjs", { recursive: true });
writeFileSync("dist/types/cjs/package.json", `${JSON.stringify({ type: "commonjs" })}\n`);
