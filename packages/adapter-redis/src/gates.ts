import {
  DEFAULT_GATE_RECEIPT_TTL_MS,
  type GateOutcome,
  type GateRefusalReason,
  type GateStep,
  type Gates,
} from "@onecode/core";
import { GATE_PASS, GATE_UNDO } from "./gate-scripts.js";
import type { GateKeys } from "./keys.js";
import { runScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { arrayReply, integerReply, stringOrNullReply, unexpectedReply } from "./replies.js";

/** What a receipt stores: the takes (step key, amount) and once-keys its undo reverses. */
interface ReceiptBody {
  readonly t: readonly (readonly [key: string, amount: number])[];
  readonly c: readonly string[];
}

const REASONS: Record<GateStep["kind"], GateRefusalReason> = {
  take: "limit_reached",
  claim_once: "already_claimed",
  flag: "flag_mismatch",
};

const COUNTER = "gate-counter:";
const CLAIM = "gate-claim:";
const FLAG = "gate-flag:";
const RECEIPT = "gate-receipt:";

/** A stored receipt; a malformed one fails naming the operation only (JSON.parse would quote it). */
function parseReceipt(stored: string): ReceiptBody {
  let body: Partial<ReceiptBody> | null;
  try {
    body = JSON.parse(stored) as Partial<ReceiptBody> | null;
  } catch {
    throw unexpectedReply(GATE_UNDO.name);
  }
  if (!Array.isArray(body?.t) || !Array.isArray(body.c)) throw unexpectedReply(GATE_UNDO.name);
  return body as ReceiptBody;
}

/**
 * Gates on Redis. `pass` is one EVALSHA whose keys all carry the hash tag
 * `{tenant:scope}` (see `gateKeys`), so it runs as one script on a single
 * server and on a cluster alike: the script reads every step, refuses at the
 * first one that fails, and otherwise applies them all and stores the
 * receipt with PX, in one atomic run. `undo` reads the receipt, then one
 * script deletes it and reverses its steps only if it is still there
 * unchanged, so concurrent undos of one receipt reverse it once.
 */
export function redisGates(client: RedisClient, keys: GateKeys, newToken: () => string): Gates {
  return {
    async pass(tenantId, scope, steps, options): Promise<GateOutcome> {
      const base = keys.base(tenantId, scope);
      const id = newToken();
      const scriptKeys = [base + RECEIPT + id];
      const args = [String(options?.receiptTtlMs ?? DEFAULT_GATE_RECEIPT_TTL_MS), ""];
      const takes: [string, number][] = [];
      const claims: string[] = [];
      for (const step of steps) {
        switch (step.kind) {
          case "take":
            scriptKeys.push(base + COUNTER + step.key);
            args.push(
              "t",
              String(step.amount),
              String(step.limit),
              step.ttlMs === undefined ? "" : String(step.ttlMs),
            );
            takes.push([step.key, step.amount]);
            break;
          case "claim_once":
            scriptKeys.push(base + CLAIM + step.key);
            args.push("c");
            claims.push(step.key);
            break;
          case "flag":
            scriptKeys.push(base + FLAG + step.key);
            args.push("f", step.expected ? "1" : "0");
            break;
        }
      }
      args[1] = JSON.stringify({ t: takes, c: claims } satisfies ReceiptBody);
      const reply = arrayReply(
        await runScript(client, GATE_PASS, scriptKeys, args),
        1,
        GATE_PASS.name,
      );
      if (integerReply(reply[0], GATE_PASS.name) === 1) {
        if (reply.length !== steps.length + 1) throw unexpectedReply(GATE_PASS.name);
        const values = reply.slice(1).map((value) => integerReply(value, GATE_PASS.name));
        return { passed: true, receipt: { scope, id }, values };
      }
      const index = integerReply(reply[1], GATE_PASS.name);
      const step = steps[index];
      if (!step) throw unexpectedReply(GATE_PASS.name);
      const value = integerReply(reply[2], GATE_PASS.name);
      return {
        passed: false,
        refusal: { step: index, key: step.key, reason: REASONS[step.kind], value },
      };
    },

    async undo(tenantId, { scope, id }) {
      const base = keys.base(tenantId, scope);
      const receiptKey = base + RECEIPT + id;
      const stored = stringOrNullReply(await client.call("GET", receiptKey), GATE_UNDO.name);
      if (stored === null) return false;
      const body = parseReceipt(stored);
      const scriptKeys = [
        receiptKey,
        ...body.t.map(([key]) => base + COUNTER + key),
        ...body.c.map((key) => base + CLAIM + key),
      ];
      const args = [stored, String(body.t.length), ...body.t.map(([, amount]) => String(amount))];
      const reply = await runScript(client, GATE_UNDO, scriptKeys, args);
      return integerReply(reply, GATE_UNDO.name) === 1;
    },

    async setFlag(tenantId, scope, key, on) {
      const flagKey = keys.base(tenantId, scope) + FLAG + key;
      if (on) await client.call("SET", flagKey, "1");
      else await client.call("UNLINK", flagKey);
    },

    async counter(tenantId, scope, key) {
      const reply = await client.call("GET", keys.base(tenantId, scope) + COUNTER + key);
      return reply === null ? 0 : integerReply(reply, "gates.counter");
    },

    async isClaimed(tenantId, scope, key) {
      const reply = await client.call("EXISTS", keys.base(tenantId, scope) + CLAIM + key);
      return integerReply(reply, "gates.isClaimed") === 1;
    },

    async flag(tenantId, scope, key) {
      const reply = await client.call("EXISTS", keys.base(tenantId, scope) + FLAG + key);
      return integerReply(reply, "gates.flag") === 1;
    },
  };
}
