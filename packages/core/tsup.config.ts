import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "input-rules": "src/input-rules.ts",
    "adapter-kit": "src/adapter-kit.ts",
    "testing/index": "testing/index.ts",
  },
  format: ["esm", "cjs"],
  // Declarations come from tsc (scripts/emit-declarations.mjs): one readable file per module.
  dts: false,
  sourcemap: true,
  clean: true,
  target: "node20",
  external: ["vitest"],
});
