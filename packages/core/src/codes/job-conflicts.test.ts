import { describe, expect, it } from "vitest";
import { createOneCode } from "../create-one-code.js";
import { type RandomSource, seededRandom } from "../kernel/random.js";
import { tenantContext } from "../kernel/tenant.js";
import { memoryStorage } from "../memory/memory-storage.js";
import { ALPHABETS } from "./alphabets.js";
import { MAX_CHUNK_ATTEMPTS } from "./chunk-writer.js";
import type { CodeRecord } from "./code-package.js";
import { codesTestKit, interceptStorage } from "./codes-test-kit.js";
import type { CodeChunk } from "./ports.js";

describe("code conflicts during generation", () => {
  it("regenerate exactly the rows whose codes already exist, keeping their serials", async () => {
    const real = memoryStorage();
    const attempts: CodeRecord[][] = [];
    let victimPackage = "";
    const storage = interceptStorage(real, async (_repository, method, args, call) => {
      if (method !== "writeChunk" || args[1] === victimPackage) return call();
      const [tenantId, , chunk] = args as [string, string, CodeChunk];
      attempts.push(chunk.rows.map((row) => ({ ...row })));
      if (attempts.length === 1) {
        // Someone else stores two of the chunk's codes just before it is written.
        const taken = [chunk.rows[3], chunk.rows[7]].map((row, index) => ({
          ...(row as CodeRecord),
          packageId: victimPackage,
          serial: index + 1,
          parentSerial: null,
        }));
        await real.codePackages.writeChunk(tenantId, victimPackage, {
          fromSerial: 1,
          rows: taken,
          updatedAt: chunk.updatedAt,
        });
      }
      return call();
    });
    const kit = await codesTestKit({ storage, codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const generate = (quantity: number) =>
      kit.onecode.codePackages.generate(kit.admin, {
        merchantId: kit.platform.id,
        codeType: "single",
        rules: { item: rule.id },
        quantity,
      });
    const victim = await generate(2);
    victimPackage = victim.id;
    await real.codePackages.setStatus("acme", victim.id, {
      from: ["queued"],
      to: "running",
      updatedAt: victim.updatedAt,
    });
    const pkg = await generate(10);
    expect((await kit.onecode.codePackages.runJob(kit.admin, pkg.id)).status).toBe("succeeded");

    expect(attempts).toHaveLength(2);
    const [firstTry, secondTry] = attempts as [CodeRecord[], CodeRecord[]];
    secondTry.forEach((row, index) => {
      expect(row.serial).toBe(index + 1);
      if (index === 3 || index === 7) expect(row.code).not.toBe(firstTry[index]?.code);
      else expect(row.code).toBe(firstTry[index]?.code);
    });
    const stored = await kit.allCodes(pkg);
    expect(stored.map((row) => row.code)).toEqual(secondTry.map((row) => row.code));
  });

  it("replace codes repeated inside one chunk before writing it", async () => {
    const seeded = seededRandom("repeats");
    let repeatNextFill = false;
    // The first pool of random bytes after arming starts with the same 24
    // accepted bytes twice, so the first two codes of the job are equal.
    const random: RandomSource = {
      fill(bytes) {
        seeded.fill(bytes);
        if (repeatNextFill && bytes.length >= 48) {
          repeatNextFill = false;
          const pattern = Array.from({ length: 24 }, (_, i) => (i * 7) % 200);
          bytes.set(pattern, 0);
          bytes.set(pattern, 24);
        }
        return bytes;
      },
    };
    const writes: string[][] = [];
    const storage = interceptStorage(memoryStorage(), async (_repository, method, args, call) => {
      if (method === "writeChunk") writes.push((args[2] as CodeChunk).rows.map((row) => row.code));
      return call();
    });
    const onecode = createOneCode({ random, storage, codes: { autoRun: false } });
    const admin = tenantContext("acme", { id: "a", kind: "staff", roles: ["admin"] });
    const merchant = await onecode.merchants.create(admin, {
      name: "m",
      codeSource: "platform",
      urlPrefixes: ["https://m.example/"],
    });
    const rule = await onecode.codeRules.createQuick(admin, {
      merchantId: merchant.id,
      charset: "mixed",
      length: 24,
      serials: true,
    });
    const pkg = await onecode.codePackages.generate(admin, {
      merchantId: merchant.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 5,
    });
    repeatNextFill = true;
    expect((await onecode.codePackages.runJob(admin, pkg.id)).status).toBe("succeeded");
    const repeated = Array.from(
      { length: 24 },
      (_, i) => ALPHABETS.mixed[((i * 7) % 200) % ALPHABETS.mixed.length],
    ).join("");
    expect(writes).toHaveLength(1);
    expect(writes[0]?.[0]).toBe(repeated);
    expect(new Set(writes[0]).size).toBe(5);
  });

  it("reserve fresh sequence values for rules without random characters, and fail as SEQUENCE_EXHAUSTED when none are left", async () => {
    const kit = await codesTestKit({ codes: { chunkSize: 3 } });
    const { onecode, admin, platform } = kit;
    const sequenceOnly = (end: number) =>
      onecode.codeRules.createCustom(admin, {
        merchantId: platform.id,
        name: "Numbers",
        length: 16,
        segments: [
          { kind: "fixed", text: "SQ" },
          { kind: "sequence", start: 1, end, length: 14 },
        ],
        serials: true,
      });
    const generate = async (ruleId: string, quantity: number) => {
      const pkg = await onecode.codePackages.generate(admin, {
        merchantId: platform.id,
        codeType: "single",
        rules: { item: ruleId },
        quantity,
      });
      return onecode.codePackages.waitFor(admin, pkg.id);
    };
    const a = await sequenceOnly(99_999);
    const b = await sequenceOnly(99_999);
    const first = await generate(a.id, 5);
    expect((await kit.allCodes(first)).map((row) => row.code.slice(-2))).toEqual([
      "01",
      "02",
      "03",
      "04",
      "05",
    ]);
    // Rule b counts from 1 too: its codes collide with rule a's and are replaced by fresh values.
    const second = await generate(b.id, 5);
    expect(second.status).toBe("succeeded");
    expect((await kit.allCodes(second)).map((row) => row.code.slice(-2))).toEqual([
      "06",
      "07",
      "08",
      "09",
      "10",
    ]);
    expect((await onecode.codeRules.get(admin, b.id)).sequenceNext).toBe(11);

    const short = await sequenceOnly(7);
    const exhausted = await generate(short.id, 5);
    // The first chunk (3 codes) collides; the rule has 2 values left to replace them.
    expect(exhausted).toMatchObject({
      status: "failed",
      done: 0,
      failureCode: "SEQUENCE_EXHAUSTED",
      failureReason: `sequence exhausted: code rule ${short.id} has 2 value(s) left, 3 needed to replace codes that already exist`,
    });
  });

  it("give up with a job failed as CODE_SPACE_EXHAUSTED after a bounded number of attempts", async () => {
    let writes = 0;
    const storage = interceptStorage(memoryStorage(), async (_repository, method, args, call) => {
      if (method !== "writeChunk") return call();
      writes++;
      return { outcome: "conflict", codes: [(args[2] as CodeChunk).rows[0]?.code] };
    });
    const kit = await codesTestKit({ storage });
    const rule = await kit.quickRule();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 4,
    });
    const failed = await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    expect(failed.status).toBe("failed");
    expect(failed.failureCode).toBe("CODE_SPACE_EXHAUSTED");
    expect(failed.failureReason).toBe(
      `could not find unused codes for serials 1-4 after ${MAX_CHUNK_ATTEMPTS} attempts; the rule's code space may be nearly used up`,
    );
    expect(writes).toBe(MAX_CHUNK_ATTEMPTS);
  });
});
