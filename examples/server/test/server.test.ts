import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tenantContext } from "@onecode/core";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { startServer } from "../src/server.js";

const dataDir = mkdtempSync(join(tmpdir(), "onecode-server-"));
const config = readConfig({ PORT: "0", ONECODE_DATA_DIR: dataDir });
const silent = () => {};

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function tokenFromFile(): string {
  const line = readFileSync(config.tokensFile, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("ONECODE_TOKEN_DEMO_ADMIN="));
  return (line ?? "").split("=").slice(1).join("=").split(";")[0] ?? "";
}

describe("reference server", () => {
  it("starts on PGlite with a fresh token file and serves the OpenAPI document", async () => {
    const running = await startServer(config, silent);
    try {
      expect(running.banner[0]).toBe(`OneCode reference server listening on ${running.url}`);
      expect(running.banner.join("\n")).toContain(`PGlite in ${join(dataDir, "pglite")}`);
      expect(statSync(config.tokensFile).mode & 0o777).toBe(0o600);
      expect(running.banner.join("\n")).not.toContain(tokenFromFile());

      const response = await fetch(`${running.url}/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(document.openapi).toMatch(/^3\.1\./);
      expect(Object.keys(document.paths)).toContain("/v1/merchants");
    } finally {
      await running.close();
    }
  });

  it("needs a valid bearer token from the token file", async () => {
    const running = await startServer(config, silent);
    try {
      expect((await fetch(`${running.url}/v1/merchants`)).status).toBe(401);
      const wrong = await fetch(`${running.url}/v1/merchants`, {
        headers: { authorization: "Bearer not-a-real-token-123" },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${running.url}/v1/merchants`, {
        headers: { authorization: `Bearer ${tokenFromFile()}` },
      });
      expect(right.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("authenticates a buyer's kind=consumer token as a consumer for consumer routes, which staff routes refuse", async () => {
    const tokensFile = join(dataDir, "consumer-tokens.env");
    writeFileSync(
      tokensFile,
      "ONECODE_TOKEN_DAVE=dave-token-0123456789a;tenant=demo;kind=consumer;actor=u_1001\n" +
        "ONECODE_TOKEN_ALICE=alice-token-0123456789;tenant=demo;roles=admin\n",
    );
    const running = await startServer({ ...config, tokensFile }, silent);
    try {
      const asConsumer = await fetch(`${running.url}/v1/merchants`, {
        headers: { authorization: "Bearer dave-token-0123456789a" },
      });
      expect(asConsumer.status).toBe(403);
      expect(((await asConsumer.json()) as { detail: string }).detail).toContain("u_1001");
      // A consumer route lets the buyer through to the input check; staff are refused.
      const placeOrder = (token: string) =>
        fetch(`${running.url}/v1/my/orders`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ lines: [] }),
        });
      const byBuyer = await placeOrder("dave-token-0123456789a");
      expect(byBuyer.status).toBe(400);
      expect(((await byBuyer.json()) as { code: string }).code).toBe("VALIDATION_FAILED");
      const byStaff = await placeOrder("alice-token-0123456789");
      expect(byStaff.status).toBe(403);
      expect(((await byStaff.json()) as { detail: string }).detail).toContain("alice");
      expect(running.banner.join("\n")).toContain("'^ONECODE_TOKEN_ALICE='");
    } finally {
      await running.close();
    }
  });

  it("prints a curl line that works when pasted into a shell", async () => {
    const running = await startServer(config, silent);
    try {
      const curlLine = running.banner.find((line) => line.trimStart().startsWith("curl ")) ?? "";
      const expression = /Bearer (\$\(.*\))"/.exec(curlLine)?.[1] ?? "";
      const token = execFileSync("bash", ["-c", `printf %s "${expression}"`], { encoding: "utf8" });
      expect(token).toBe(tokenFromFile());
      expect(curlLine.endsWith(`${running.url}/v1/merchants`)).toBe(true);
    } finally {
      await running.close();
    }
  });

  it("opens the public routes to the pages of ONECODE_CORS_ORIGINS", async () => {
    const origin = "https://h5.brand.example";
    const running = await startServer({ ...config, corsOrigins: [origin] }, silent);
    try {
      expect(running.banner).toContain(`  CORS:      public routes open to ${origin}`);
      const preflight = await fetch(`${running.url}/v1/public/scans`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      const scanned = await fetch(`${running.url}/v1/public/scans`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ tenantId: "demo", code: "NoSuchCode123" }),
      });
      expect(scanned.status).toBe(200);
      expect(scanned.headers.get("access-control-allow-origin")).toBe(origin);
    } finally {
      await running.close();
    }
  });

  it("keeps data across restarts", async () => {
    const headers = {
      authorization: `Bearer ${tokenFromFile()}`,
      "content-type": "application/json",
    };
    const first = await startServer(config, silent);
    let merchantId = "";
    try {
      const created = await fetch(`${first.url}/v1/merchants`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: "Restart Tea",
          codeSource: "platform",
          urlPrefixes: ["https://t.example.com/c/"],
        }),
      });
      expect(created.status).toBe(201);
      merchantId = ((await created.json()) as { id: string }).id;
    } finally {
      await first.close();
    }
    const second = await startServer(config, silent);
    try {
      const fetched = await fetch(`${second.url}/v1/merchants/${merchantId}`, { headers });
      expect(fetched.status).toBe(200);
      expect(((await fetched.json()) as { name: string }).name).toBe("Restart Tea");
    } finally {
      await second.close();
    }
  });

  it("names DATABASE_URL or REDIS_URL when that server cannot be reached at start, hiding the password", async () => {
    const unreachableDb = readConfig({
      PORT: "0",
      ONECODE_DATA_DIR: dataDir,
      DATABASE_URL: "postgres://onecode:s3cret-pw@127.0.0.1:1/onecode",
    });
    const dbError = await startServer(unreachableDb, silent).then(
      () => null,
      (error: Error) => error,
    );
    expect(dbError?.message).toMatch(
      /^DATABASE_URL: cannot reach PostgreSQL at postgres:\/\/onecode:\*\*\*@127\.0\.0\.1:1\/onecode \(.*ECONNREFUSED.*\)/,
    );
    expect(dbError?.message).not.toContain("s3cret-pw");

    const unreachableRedis = readConfig({
      PORT: "0",
      ONECODE_DATA_DIR: dataDir,
      REDIS_URL: "redis://:s3cret-pw@127.0.0.1:1",
    });
    const redisError = await startServer(unreachableRedis, silent).then(
      () => null,
      (error: Error) => error,
    );
    expect(redisError?.message).toMatch(
      /^REDIS_URL: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)/,
    );
    expect(redisError?.message).not.toContain("s3cret-pw");
    // The PGlite database it had opened was closed again: the next start can open it.
    const running = await startServer(config, silent);
    await running.close();
  });

  it("leaves a running job at its checkpoint when closed, and the next start finishes it", async () => {
    const headers = {
      authorization: `Bearer ${tokenFromFile()}`,
      "content-type": "application/json",
    };
    const post = async (base: string, path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const first = await startServer(config, silent);
    const merchant = await post(first.url, "/v1/merchants", {
      name: "Close Tea",
      codeSource: "platform",
      urlPrefixes: ["https://c.example/c/"],
    });
    const rule = await post(first.url, "/v1/code-rules", {
      mode: "quick",
      merchantId: merchant.id,
      charset: "mixed",
      length: 20,
      serials: true,
    });
    const job = await post(first.url, "/v1/code-packages", {
      merchantId: merchant.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 50_000,
    });
    await first.close();
    const second = await startServer(config, silent);
    try {
      const admin = tenantContext("demo", { id: "demo_admin", kind: "staff", roles: ["admin"] });
      const stopped = await second.onecode.codePackages.get(admin, job.id as string);
      // Closed mid-job (or before it began): never failed, only paused at a checkpoint.
      expect(stopped.failureReason).toBeNull();
      expect(stopped.status === "succeeded" || stopped.done < 50_000).toBe(true);
      const finished = await second.onecode.codePackages.waitFor(admin, job.id as string);
      expect(finished).toMatchObject({ status: "succeeded", done: 50_000 });
    } finally {
      await second.close();
    }
  }, 120_000);
});
