import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/pglite.ts"],
  format: ["esm", "cjs"],
  // Declarations come from tsc (scripts/emit-declarations.mjs): one readable file per module.
  dts: false,
  sourcemap: true,
  clean: true,
  target: "node20",
  shims: true,
});
