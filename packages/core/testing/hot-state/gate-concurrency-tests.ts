import { describe, expect, it } from "vitest";
import type { GateOutcome, GateReceipt, GateStep } from "../../src/ports/gates.js";
import { freshTenantId } from "../fixtures.js";
import type { HotStateSuiteContext } from "./suite-context.js";

const GATES = 1_200;
const STOCK_LIMIT = 400;
const ACCOUNTS = 40;
const PER_ACCOUNT_LIMIT = 12;
const CODES = 900;

/** A small deterministic generator (mulberry32), so every run plays the same mix. */
function deterministicFloats(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Attempt {
  readonly account: number;
  readonly code: number;
  readonly amount: number;
}

export function gateConcurrencyTests({ subject }: HotStateSuiteContext): void {
  describe("gates under concurrency", () => {
    it(`${GATES} concurrent gates over overlapping keys never pass a limit or claim a key twice, and undo is exact`, async () => {
      const { gates } = subject().hotState;
      const tenant = freshTenantId();
      const random = deterministicFloats(20261206);
      const attempts: Attempt[] = Array.from({ length: GATES }, () => ({
        account: Math.floor(random() * ACCOUNTS),
        code: Math.floor(random() * CODES),
        amount: 1 + Math.floor(random() * 2),
      }));
      const stepsOf = (attempt: Attempt): GateStep[] => [
        { kind: "take", key: "stock", amount: attempt.amount, limit: STOCK_LIMIT },
        { kind: "take", key: `account:${attempt.account}`, amount: 1, limit: PER_ACCOUNT_LIMIT },
        { kind: "claim_once", key: `code:${attempt.code}` },
        { kind: "flag", key: "paused", expected: false },
      ];
      // Every third passed gate is undone while the others still run.
      let passedSoFar = 0;
      const undone = new Set<number>();
      const run = async (attempt: Attempt, index: number): Promise<GateOutcome> => {
        const outcome = await gates.pass(tenant, "flash:1", stepsOf(attempt));
        if (outcome.passed && ++passedSoFar % 3 === 0) {
          expect(await gates.undo(tenant, outcome.receipt)).toBe(true);
          undone.add(index);
        }
        return outcome;
      };
      const outcomes = await Promise.all(attempts.map(run));

      const kept = attempts.filter((_, i) => outcomes[i]?.passed && !undone.has(i));
      const sum = (list: readonly Attempt[], of: (a: Attempt) => number) =>
        list.reduce((total, attempt) => total + of(attempt), 0);
      const stock = await gates.counter(tenant, "flash:1", "stock");
      expect(stock).toBe(sum(kept, (a) => a.amount));
      expect(stock).toBeLessThanOrEqual(STOCK_LIMIT);
      for (let account = 0; account < ACCOUNTS; account++) {
        const value = await gates.counter(tenant, "flash:1", `account:${account}`);
        expect(value).toBe(kept.filter((a) => a.account === account).length);
        expect(value).toBeLessThanOrEqual(PER_ACCOUNT_LIMIT);
      }
      const keptCodes = kept.map((a) => a.code);
      expect(new Set(keptCodes).size).toBe(keptCodes.length);
      const claimed = await Promise.all(
        Array.from({ length: CODES }, (_, code) =>
          gates.isClaimed(tenant, "flash:1", `code:${code}`),
        ),
      );
      expect(claimed.filter(Boolean)).toHaveLength(keptCodes.length);
      for (const code of keptCodes) expect(claimed[code]).toBe(true);

      // Refusals are real: once the stock is gone, gates refuse on it.
      const passedCount = outcomes.filter((outcome) => outcome.passed).length;
      expect(passedCount).toBeGreaterThan(0);
      expect(passedCount).toBeLessThan(GATES);

      // Undoing every kept gate returns every counter to 0 and frees every code.
      const receipts = outcomes.flatMap((outcome, i): GateReceipt[] =>
        outcome.passed && !undone.has(i) ? [outcome.receipt] : [],
      );
      const undos = await Promise.all(receipts.map((receipt) => gates.undo(tenant, receipt)));
      expect(undos.every(Boolean)).toBe(true);
      expect(await gates.counter(tenant, "flash:1", "stock")).toBe(0);
      for (const code of keptCodes) {
        expect(await gates.isClaimed(tenant, "flash:1", `code:${code}`)).toBe(false);
      }
    });
  });
}
