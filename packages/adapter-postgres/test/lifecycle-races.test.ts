import { createOneCode, isOneCodeError, type OneCode, tenantContext } from "@onecode/core";
import { freshTenantId } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { databaseTargets, type Target, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();

/**
 * Two SDK instances (two pools) on one fresh database, and an associated
 * two-level package 1:3 of `cases` cases (case k: serials 4k-3 .. 4k) that
 * entered circulation at a factory with one child enterprise.
 */
async function packedWorld(target: Target, cases: number) {
  const fresh = await target.fresh();
  await migrate(fresh.db);
  const sdk = (db: typeof fresh.db) =>
    createOneCode({ storage: postgresStorage({ db }), codes: { autoRun: true, pollMs: 5 } });
  const [first, second] = [sdk(fresh.db), sdk(fresh.connect())];
  const admin = tenantContext(freshTenantId(), { id: "admin-1", kind: "staff", roles: ["admin"] });
  const merchant = await first.merchants.create(admin, {
    name: "Acme",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const rule = await first.codeRules.createQuick(admin, {
    merchantId: merchant.id,
    charset: "mixed",
    length: 16,
    serials: true,
  });
  const queued = await first.codePackages.generate(admin, {
    merchantId: merchant.id,
    codeType: "two-level",
    rules: { item: rule.id },
    ratio: { innerPerOuter: 3 },
    quantity: cases,
  });
  await first.codePackages.waitFor(admin, queued.id);
  const listing = await first.codePackages.listCodes(admin, queued.id, { limit: 1000 });
  const code = (serial: number) => listing.items[serial - 1]?.code as string;
  const factory = await first.distribution.createEnterprise(admin, {
    name: "Factory",
    salesRegion: "CN-ZJ",
  });
  const shop = await first.distribution.createEnterprise(admin, {
    name: "Shop",
    salesRegion: "CN-GD",
    parentId: factory.id,
  });
  const entry = await first.distribution.createDocument(admin, {
    inboundType: "production",
    toEnterpriseId: factory.id,
  });
  for (let k = 0; k < cases; k++) {
    await first.distribution.scanIntoDocument(admin, entry.id, code(4 * k + 1));
  }
  const sale = (onecode: OneCode) =>
    onecode.distribution.createDocument(admin, {
      outboundType: "sale",
      fromEnterpriseId: factory.id,
      toEnterpriseId: shop.id,
    });
  const holderOf = async (serial: number) =>
    (await first.distribution.locateCode(admin, code(serial))).holding?.enterpriseId;
  const close = async () => {
    await first.close();
    await second.close();
  };
  return { first, second, admin, code, factory, shop, sale, holderOf, close };
}

// Races between connections need two of them; PGlite serves one, so only servers run these.
for (const target of targets.filter((candidate) => candidate.parallel)) {
  describe.skipIf(Boolean(target.skip))(
    targetTitle("code lifecycle under contention", target),
    () => {
      it("lets one of two re-packs into the last free place of a case win; the other finds it full", async () => {
        const world = await packedWorld(target, 3);
        const { first, second, admin, code } = world;
        try {
          // Case 1 keeps 2 and 3; 6 (case 2) and 10 (case 3) both go for the place 4 left.
          await first.codeLifecycle.unpack(admin, { code: code(1), children: [code(4)] });
          const results = await Promise.allSettled([
            first.codeLifecycle.repack(admin, { parent: code(1), children: [code(6)] }),
            second.codeLifecycle.repack(admin, { parent: code(1), children: [code(10)] }),
          ]);
          const won = results.filter((result) => result.status === "fulfilled");
          expect(won).toHaveLength(1);
          const lost = results.find((result) => result.status === "rejected");
          expect(isOneCodeError(lost?.reason, "VALIDATION_FAILED")).toBe(true);
          const located = await first.distribution.locateCode(admin, code(1));
          expect(located.segments.reduce((n, s) => n + s.toSerial - s.fromSerial + 1, 0)).toBe(4);
        } finally {
          await world.close();
        }
      });

      it("moves a case either with or without a code re-packed out of it at the same moment, never half", async () => {
        for (let round = 0; round < 4; round++) {
          const world = await packedWorld(target, 2);
          const { first, second, admin, code, holderOf } = world;
          try {
            // Case 2 has room: 8 leaves it. Code 3 goes from case 1 to case 2 while case 1 ships.
            await first.codeLifecycle.unpack(admin, { code: code(5), children: [code(8)] });
            const document = await world.sale(first);
            const [move, repack] = await Promise.allSettled([
              first.distribution.scanIntoDocument(admin, document.id, code(1)),
              second.codeLifecycle.repack(admin, { parent: code(5), children: [code(3)] }),
            ]);
            expect(move.status).toBe("fulfilled");
            const moved = move.status === "fulfilled" ? move.value.moved : 0;
            if (repack.status === "fulfilled") {
              // The re-pack came first: the case left without code 3, which stayed with case 2.
              expect(moved).toBe(3);
              expect(await holderOf(3)).toBe(await holderOf(5));
            } else {
              // The move came first: code 3 left with its case, so it is no longer where case 2 is.
              expect(isOneCodeError(repack.reason, "HOLDER_MISMATCH")).toBe(true);
              expect(moved).toBe(4);
            }
            expect(await holderOf(3)).toBe(moved === 4 ? world.shop.id : world.factory.id);
            expect(await holderOf(1)).toBe(world.shop.id);
          } finally {
            await world.close();
          }
        }
      });
    },
  );
}
