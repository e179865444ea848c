import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { luaScript, runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";

const SCRIPT = luaScript("test.echo", "return ARGV[1]");

/** A client whose EVALSHA fails with `evalshaError`; records every command. */
function clientFailingEvalsha(evalshaError: Error) {
  const sent: string[][] = [];
  const client: RedisClient = {
    call: async (command, ...args) => {
      sent.push([command, ...args]);
      if (command === "EVALSHA") throw evalshaError;
      return "from-eval";
    },
    quit: async () => "OK",
  };
  return { client, sent };
}

describe("runScript", () => {
  it("names the script by the SHA-1 of its source", () => {
    expect(SCRIPT.sha1).toBe(createHash("sha1").update("return ARGV[1]").digest("hex"));
  });

  it("falls back to EVAL with the same keys and arguments on NOSCRIPT", async () => {
    const { client, sent } = clientFailingEvalsha(
      new Error("NOSCRIPT No matching script. Please use EVAL."),
    );
    expect(await runScript(client, SCRIPT, ["k1"], ["a", "b"])).toBe("from-eval");
    expect(sent).toEqual([
      ["EVALSHA", SCRIPT.sha1, "1", "k1", "a", "b"],
      ["EVAL", SCRIPT.source, "1", "k1", "a", "b"],
    ]);
  });

  it("passes any other error through without retrying", async () => {
    const { client, sent } = clientFailingEvalsha(new Error("ERR something else"));
    await expect(runScript(client, SCRIPT, ["k1"], [])).rejects.toThrow("ERR something else");
    expect(sent).toHaveLength(1);
  });
});
