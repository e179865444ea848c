import { describe, expect, it } from "vitest";
import { TypedEmitter } from "./event-emitter.js";

describe("typed event emitter", () => {
  it("delivers payloads to listeners in subscription order until they unsubscribe", () => {
    const events = new TypedEmitter<{ tick: number; word: string }>();
    const seen: string[] = [];
    const offA = events.on("tick", (n) => seen.push(`a${n}`));
    events.on("tick", (n) => seen.push(`b${n}`));
    events.on("word", (w) => seen.push(w));
    events.emit("tick", 1);
    offA();
    offA();
    events.emit("tick", 2);
    events.emit("word", "hi");
    expect(seen).toEqual(["a1", "b1", "b2", "hi"]);
    expect(events.listenerCount("tick")).toBe(1);
  });

  it("keeps emitting when a listener throws, reporting the error", () => {
    const errors: unknown[] = [];
    const events = new TypedEmitter<{ tick: number }>({ onListenerError: (e) => errors.push(e) });
    const seen: number[] = [];
    events.on("tick", () => {
      throw new Error("boom");
    });
    events.on("tick", (n) => seen.push(n));
    expect(() => events.emit("tick", 7)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it("lets a listener unsubscribe itself while being called", () => {
    const events = new TypedEmitter<{ tick: number }>();
    const seen: number[] = [];
    const off = events.on("tick", (n) => {
      seen.push(n);
      off();
    });
    events.emit("tick", 1);
    events.emit("tick", 2);
    expect(seen).toEqual([1]);
    expect(events.listenerCount("tick")).toBe(0);
  });
});
