import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";

describe("server configuration", () => {
  it("defaults to port 3000 on localhost with data in ./.data of the launch directory", () => {
    expect(readConfig({ INIT_CWD: "/repo" })).toEqual({
      port: 3000,
      host: "127.0.0.1",
      dataDir: "/repo/.data",
      databaseUrl: undefined,
      redisUrl: undefined,
      tokensFile: "/repo/.data/tokens.env",
      redisKeyPrefix: undefined,
      scanRateLimit: undefined,
      trustProxy: 0,
      corsOrigins: [],
      instanceId: undefined,
    });
  });

  it("reads the instance id jobs are held under, refusing one with spaces", () => {
    expect(readConfig({ ONECODE_INSTANCE_ID: "node-a.prod" }).instanceId).toBe("node-a.prod");
    expect(() => readConfig({ ONECODE_INSTANCE_ID: "node a" })).toThrow(
      /ONECODE_INSTANCE_ID must be 1-128 printable ASCII characters/,
    );
  });

  it("reads how many reverse proxies to trust for client addresses", () => {
    expect(readConfig({ ONECODE_TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(() => readConfig({ ONECODE_TRUST_PROXY: "yes" })).toThrow(
      /ONECODE_TRUST_PROXY must be the number of proxies/,
    );
  });

  it("reads the Redis key prefix and the public scan rate limit", () => {
    const config = readConfig({
      ONECODE_REDIS_PREFIX: "bench42:",
      ONECODE_SCAN_RATE_LIMIT: "1000000/1000",
    });
    expect(config).toMatchObject({
      redisKeyPrefix: "bench42:",
      scanRateLimit: { limit: 1_000_000, windowMs: 1000 },
    });
    expect(() => readConfig({ ONECODE_SCAN_RATE_LIMIT: "lots" })).toThrow(
      /ONECODE_SCAN_RATE_LIMIT must be <limit>\/<windowMs>/,
    );
  });

  it("reads the origins whose pages may call the public routes, comma separated", () => {
    expect(
      readConfig({ ONECODE_CORS_ORIGINS: " https://h5.brand.example, http://localhost:5173 ," })
        .corsOrigins,
    ).toEqual(["https://h5.brand.example", "http://localhost:5173"]);
  });

  it("switches storage and hot state by environment", () => {
    const config = readConfig({
      INIT_CWD: "/repo",
      DATABASE_URL: "postgres://db/x",
      REDIS_URL: "redis://r:6379",
      PORT: "8080",
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "postgres://db/x",
      redisUrl: "redis://r:6379",
    });
  });

  it("refuses a port that is not a port", () => {
    expect(() => readConfig({ PORT: "http" })).toThrow(/PORT must be an integer/);
  });
});
