import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createOneCode } from "./create-one-code.js";
import { tenantContext } from "./kernel/tenant.js";
import { memoryStorage } from "./memory/memory-storage.js";

describe("createOneCode", () => {
  it("runs with no configuration on in-memory ports", async () => {
    const onecode = createOneCode();
    const ctx = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
    const merchant = await onecode.merchants.create(ctx, {
      name: "Acme",
      codeSource: "platform",
      urlPrefixes: ["https://a.example/c/"],
    });
    expect((await onecode.merchants.list(ctx)).items).toEqual([merchant]);
    for (const port of [
      "storage",
      "hotState",
      "notifier",
      "payment",
      "courier",
      "geo",
      "keys",
      "ledgerAnchor",
      "clock",
      "random",
      "ids",
    ]) {
      expect(onecode.ports).toHaveProperty(port);
    }
    await onecode.close();
  });

  it("uses the ports it is given", async () => {
    const storage = memoryStorage();
    const onecode = createOneCode({ storage });
    expect(onecode.ports.storage).toBe(storage);
  });

  it("ships with zero runtime dependencies", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
  });
});
