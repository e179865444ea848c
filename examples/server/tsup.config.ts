import { defineConfig } from "tsup";

export default defineConfig({
  // The geo adapter is built on its own too, for `npm run bench -- geo`.
  entry: ["src/main.ts", "src/ip2region-geo.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
});
