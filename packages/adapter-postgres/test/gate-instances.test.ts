import { type GateOutcome, type HotState, ManualClock } from "@onecode/core";
import { freshTenantId } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresHotState } from "../src/postgres-hot-state.js";
import { postgresSkipReason, useTestSchemas } from "./support/real-postgres.js";

const skip = await postgresSkipReason();
const schemas = useTestSchemas();

const INSTANCES = 3;
const GATES = 900;
const STOCK = 250;
const CODES = 300;
const ACCOUNTS = 30;
const PER_ACCOUNT = 9;

describe.skipIf(Boolean(skip))(
  `gates across application instances: postgres (node-postgres)${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    it("holds every limit and once-key when instances' batches create the same rows at the same time", async () => {
      const schema = await schemas.create();
      await migrate(schemas.open(schema));
      const clock = new ManualClock("2026-01-01T00:00:00Z");
      // Each instance has its pool and its gate writer, so their batches run side by side and
      // keep creating the same new once-keys and account counters (a batch that finds one
      // created meanwhile is sent again).
      const instances: HotState[] = Array.from({ length: INSTANCES }, () =>
        postgresHotState({ db: schemas.open(schema), clock, ownsDb: true }),
      );
      try {
        const tenant = freshTenantId();
        const attempts = Array.from({ length: GATES }, (_, i) => ({
          account: (i * 7) % ACCOUNTS,
          code: (i * 13) % CODES,
        }));
        const outcomes: GateOutcome[] = await Promise.all(
          attempts.map((attempt, i) =>
            (instances[i % INSTANCES] as HotState).gates.pass(tenant, "s", [
              { kind: "take", key: "stock", amount: 1, limit: STOCK },
              { kind: "take", key: `account:${attempt.account}`, amount: 1, limit: PER_ACCOUNT },
              { kind: "claim_once", key: `code:${attempt.code}` },
            ]),
          ),
        );
        const passed = attempts.filter((_, i) => outcomes[i]?.passed);
        const reader = (instances[0] as HotState).gates;
        expect(passed.length).toBeGreaterThan(0);
        expect(await reader.counter(tenant, "s", "stock")).toBe(passed.length);
        expect(passed.length).toBeLessThanOrEqual(STOCK);
        for (let account = 0; account < ACCOUNTS; account++) {
          const taken = passed.filter((attempt) => attempt.account === account).length;
          expect(taken).toBeLessThanOrEqual(PER_ACCOUNT);
          expect(await reader.counter(tenant, "s", `account:${account}`)).toBe(taken);
        }
        const codes = passed.map((attempt) => attempt.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (let code = 0; code < CODES; code++) {
          expect(await reader.isClaimed(tenant, "s", `code:${code}`)).toBe(codes.includes(code));
        }
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    });
  },
);
