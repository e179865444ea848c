import { createOneCode, ManualClock, memoryStorage, tenantContext } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { timerTick } from "../src/scheduler.js";

describe("the server's timer tick", () => {
  it("runs due timers and logs only the parked ones and a failed tick", async () => {
    const clock = new ManualClock("2026-06-01T00:00:00Z");
    const storage = memoryStorage();
    const onecode = createOneCode({ storage, clock });
    const ran: string[] = [];
    onecode.timers.register("demo.close", async (timer) => void ran.push(timer.key));
    onecode.timers.register(
      "demo.broken",
      async () => {
        throw new Error("no");
      },
      { maxAttempts: 1 },
    );
    const ctx = tenantContext("demo");
    await onecode.timers.schedule(ctx, { kind: "demo.close", key: "ord_1", afterMs: 0 });
    await onecode.timers.schedule(ctx, { kind: "demo.broken", key: "ord_2", afterMs: 0 });
    const lines: Array<[string, unknown]> = [];
    const tick = timerTick(onecode, (message, error) => lines.push([message, error]));
    await tick();
    await tick();
    expect(ran).toEqual(["ord_1"]);
    expect(lines).toEqual([
      ["[onecode] 1 timer(s) failed their last attempt and were parked", undefined],
    ]);

    const down = Object.assign(new Error("storage down"), { code: "ECONNREFUSED" });
    storage.timers.claimDue = async () => Promise.reject(down);
    await tick();
    expect(lines[1]).toEqual(["[onecode] running due timers failed", down]);
  });
});
