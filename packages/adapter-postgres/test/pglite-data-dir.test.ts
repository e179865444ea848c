import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOneCode, tenantContext } from "@onecode/core";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, postgresStorage } from "../src/index.js";
import { createPgliteDb } from "../src/pglite.js";

const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const roots: string[] = [];

afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

describe("createPgliteDb dataDir", () => {
  it("creates missing parent folders and keeps the data across reopening", async () => {
    const root = await mkdtemp(join(tmpdir(), "onecode-pglite-"));
    roots.push(root);
    const dataDir = join(root, "app", ".data", "pglite");

    const first = await createPgliteDb({ dataDir });
    await migrate(first);
    const onecode = createOneCode({ storage: postgresStorage({ db: first, ownsDb: true }) });
    const merchant = await onecode.merchants.create(ctx, {
      name: "Acme Tea",
      codeSource: "platform",
      urlPrefixes: ["https://t.acme.example/c/"],
    });
    await first.destroy();

    const second = await createPgliteDb({ dataDir });
    const reopened = createOneCode({ storage: postgresStorage({ db: second, ownsDb: true }) });
    expect((await reopened.merchants.get(ctx, merchant.id)).name).toBe("Acme Tea");
    await second.destroy();
  });
});
