import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * One vitest run for the whole monorepo. Tests import workspace packages
 * through their `source` export condition, so they run on TypeScript source
 * without a build step.
 */
export default defineConfig({
  resolve: { conditions: ["source", ...defaultServerConditions] },
  ssr: {
    resolve: { conditions: ["source", ...defaultServerConditions], externalConditions: ["source"] },
  },
  test: {
    projects: [
      { extends: true, test: { name: "core", root: "packages/core" } },
      { extends: true, test: { name: "adapter-postgres", root: "packages/adapter-postgres" } },
      { extends: true, test: { name: "adapter-redis", root: "packages/adapter-redis" } },
      { extends: true, test: { name: "http", root: "packages/http" } },
      { extends: true, test: { name: "example-server", root: "examples/server" } },
      { extends: true, test: { name: "docs-snippets", root: "docs/snippets" } },
      { extends: true, test: { name: "example-express", root: "examples/express" } },
      { extends: true, test: { name: "example-fastify", root: "examples/fastify" } },
      { extends: true, test: { name: "example-hono", root: "examples/hono" } },
      { extends: true, test: { name: "example-next", root: "examples/next-route-handler" } },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
