import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { createPgliteDb } from "../src/pglite.js";

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

describe("createPgliteDb dataDir", () => {
  it("creates a nested dataDir whose parent folders do not exist, and keeps data across opens", async () => {
    const root = await mkdtemp(join(tmpdir(), "onecode-pglite-dir-"));
    roots.push(root);
    const dataDir = join(root, "missing", "parents", "pglite");

    const first = await createPgliteDb({ dataDir });
    await migrate(first);
    await first.destroy();
    expect((await stat(dataDir)).isDirectory()).toBe(true);

    const again = await createPgliteDb({ dataDir: `file://${dataDir}` });
    const applied = await again.selectFrom("onecode_migrations").select("version").execute();
    expect(applied.length).toBeGreaterThan(0);
    await again.destroy();
  });
});
