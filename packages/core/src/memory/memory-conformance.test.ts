import { memoryStorageTamperer, runHotStateSuite, runStorageSuite } from "../../testing/index.js";
import { ManualClock } from "../kernel/clock.js";
import { memoryHotState } from "./memory-hot-state.js";
import { memoryStorage } from "./memory-storage.js";

runStorageSuite({
  name: "memory",
  create: async () => memoryStorage(),
  capabilities: {
    reopen: { unsupported: "the memory storage keeps nothing once its instance is gone" },
    tamper: memoryStorageTamperer,
  },
});

runHotStateSuite({
  name: "memory",
  create: async () => {
    const clock = new ManualClock("2026-01-01T00:00:00Z");
    return { hotState: memoryHotState({ clock }), advanceTime: async (ms) => clock.advance(ms) };
  },
  capabilities: {
    sharedAcrossInstances: { unsupported: "memory hot state lives inside one process" },
  },
});
