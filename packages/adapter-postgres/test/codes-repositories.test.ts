import { freshTenantId, merchantRecord, productRecord, sleep } from "@onecode/core/testing";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import {
  chunkOf,
  codeRows,
  packageRecord,
  printOrderRecord,
  ruleRecord,
  sequenceRuleRecord,
  uploadRecord,
} from "./support/codes-fixtures.js";
import { databaseTargets, type Target, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const AT = "2026-03-01T00:00:00.000Z";

/** Two application instances on one fresh database, with a merchant and a rule. */
async function setup(target: Target) {
  const fresh = await target.fresh();
  await migrate(fresh.db);
  const first = postgresStorage({ db: fresh.db });
  const second = postgresStorage({ db: fresh.connect() });
  const tenant = freshTenantId();
  const merchant = merchantRecord(tenant);
  const rule = ruleRecord(tenant, merchant.id);
  await first.merchants.insert(merchant);
  await first.codeRules.insert(rule);
  return { db: fresh.db, first, second, tenant, merchant, rule };
}

function track<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const done = () => {
    settled = true;
  };
  promise.then(done, done);
  return { promise, settled: () => settled };
}

for (const target of targets) {
  describe.skipIf(Boolean(target.skip))(targetTitle("codes repositories", target), () => {
    it("stores rules, refusing an unknown merchant, and lists them newest first", async () => {
      const { first, tenant, merchant, rule } = await setup(target);
      expect(await first.codeRules.get(tenant, rule.id)).toEqual(rule);
      const sequenced = sequenceRuleRecord(tenant, merchant.id, 7, 999_999);
      expect(await first.codeRules.insert(sequenced)).toEqual({ outcome: "inserted" });
      expect(await first.codeRules.get(tenant, sequenced.id)).toEqual(sequenced);
      expect(
        await first.codeRules.insert(ruleRecord(tenant, "mch_00000000000000000000000000")),
      ).toEqual({ outcome: "merchant_not_found" });
      expect(await first.codeRules.insert(ruleRecord(freshTenantId(), merchant.id))).toEqual({
        outcome: "merchant_not_found",
      });
      const page = { limit: 10, beforeId: null };
      expect(
        (await first.codeRules.list(tenant, { merchantId: merchant.id }, page)).map((r) => r.id),
      ).toEqual([sequenced.id, rule.id]);
      expect(
        (await first.codeRules.list(tenant, {}, { limit: 10, beforeId: sequenced.id })).map(
          (r) => r.id,
        ),
      ).toEqual([rule.id]);
      expect(
        await first.codeRules.update(tenant, rule.id, { enabled: false, updatedAt: AT }),
      ).toEqual({ ...rule, enabled: false, updatedAt: AT });
      expect(
        await first.codeRules.update(freshTenantId(), rule.id, { name: "x", updatedAt: AT }),
      ).toBeNull();
    });

    it("reserves sequence values without overlap and refuses what is not left", async () => {
      const { first, second, tenant, merchant, rule } = await setup(target);
      const sequenced = sequenceRuleRecord(tenant, merchant.id, 1, 100);
      await first.codeRules.insert(sequenced);
      const reservations = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? second : first).codeRules.reserveSequence(tenant, sequenced.id, 8),
        ),
      );
      const reserved = reservations.filter((r) => r.outcome === "reserved");
      expect(reserved).toHaveLength(12);
      const values = reserved.flatMap((r) =>
        Array.from({ length: r.last - r.first + 1 }, (_, k) => r.first + k),
      );
      expect(new Set(values).size).toBe(96);
      expect(Math.min(...values)).toBe(1);
      expect(Math.max(...values)).toBe(96);
      expect(await first.codeRules.reserveSequence(tenant, sequenced.id, 5)).toEqual({
        outcome: "exhausted",
        remaining: 4,
      });
      expect(await first.codeRules.reserveSequence(tenant, sequenced.id, 4)).toEqual({
        outcome: "reserved",
        first: 97,
        last: 100,
      });
      expect(await first.codeRules.reserveSequence(tenant, sequenced.id, 1)).toEqual({
        outcome: "exhausted",
        remaining: 0,
      });
      expect((await first.codeRules.get(tenant, sequenced.id))?.sequenceNext).toBe(101);
      expect(await first.codeRules.reserveSequence(tenant, rule.id, 1)).toEqual({
        outcome: "exhausted",
        remaining: 0,
      });
      expect(await first.codeRules.reserveSequence(freshTenantId(), sequenced.id, 1)).toEqual({
        outcome: "not_found",
      });
      await expect(first.codeRules.reserveSequence(tenant, sequenced.id, 0)).rejects.toThrow(
        RangeError,
      );
    });

    it("stores packages with every reference checked, and lists and finishes them", async () => {
      const { first, tenant, merchant, rule } = await setup(target);
      const outer = ruleRecord(tenant, merchant.id);
      await first.codeRules.insert(outer);
      const product = productRecord(tenant, merchant.id);
      await first.products.insert(product);
      const packaged = packageRecord(tenant, merchant.id, rule.id, {
        productId: product.id,
        codeType: "three-level",
        ratio: { middlePerOuter: 2, innerPerOuter: 20 },
        associated: true,
        rules: { item: rule.id, middle: rule.id, outer: outer.id },
        quantity: 10,
        total: 230,
        status: "queued",
        reservedSequences: { [rule.id]: [1, 220] },
      });
      expect(await first.codePackages.insert(packaged)).toEqual({ outcome: "inserted" });
      expect(await first.codePackages.get(tenant, packaged.id)).toEqual(packaged);
      const missing = "rul_00000000000000000000000000";
      expect(
        await first.codePackages.insert(
          packageRecord(tenant, merchant.id, rule.id, { rules: { item: rule.id, outer: missing } }),
        ),
      ).toEqual({ outcome: "rule_not_found" });
      expect(
        await first.codePackages.insert(
          packageRecord(tenant, merchant.id, rule.id, {
            productId: "prd_00000000000000000000000000",
          }),
        ),
      ).toEqual({ outcome: "product_not_found" });
      expect(
        await first.codePackages.insert(
          packageRecord(tenant, "mch_00000000000000000000000000", rule.id),
        ),
      ).toEqual({ outcome: "merchant_not_found" });
      const upload = uploadRecord(tenant, merchant.id);
      expect(await first.codePackages.insert(upload)).toEqual({ outcome: "inserted" });
      expect(await first.codePackages.get(tenant, upload.id)).toEqual(upload);

      const page = { limit: 10, beforeId: null };
      expect((await first.codePackages.list(tenant, {}, page)).map((p) => p.id)).toEqual([
        upload.id,
        packaged.id,
      ]);
      expect(
        (await first.codePackages.list(tenant, { status: "queued" }, page)).map((p) => p.id),
      ).toEqual([packaged.id]);
      expect(await first.codePackages.listUnfinished(1000)).toContainEqual({
        tenantId: tenant,
        id: packaged.id,
        createdAt: packaged.createdAt,
      });

      const running = await first.codePackages.setStatus(tenant, packaged.id, {
        from: ["queued"],
        to: "running",
        updatedAt: AT,
      });
      expect(running).toEqual({ ...packaged, status: "running", updatedAt: AT });
      // Refused: the package after the call is returned unchanged.
      expect(
        await first.codePackages.setStatus(tenant, packaged.id, {
          from: ["queued"],
          to: "failed",
          updatedAt: "2026-04-01T00:00:00.000Z",
        }),
      ).toEqual(running);
      expect(
        await first.codePackages.setStatus(tenant, packaged.id, {
          from: ["running"],
          to: "failed",
          failureReason: "stopped",
          finishedAt: AT,
          updatedAt: AT,
        }),
      ).toMatchObject({ status: "failed", failureReason: "stopped", finishedAt: AT });
      expect(await first.codePackages.listUnfinished(1000)).not.toContainEqual({
        tenantId: tenant,
        id: packaged.id,
      });
      expect(
        await first.codePackages.setStatus(freshTenantId(), packaged.id, {
          from: ["failed"],
          to: "queued",
          updatedAt: AT,
        }),
      ).toBeNull();
    });

    it("refuses to delete rules, merchants and products that codes depend on", async () => {
      const { first, tenant, merchant, rule } = await setup(target);
      const unused = ruleRecord(tenant, merchant.id);
      await first.codeRules.insert(unused);
      const product = productRecord(tenant, merchant.id);
      await first.products.insert(product);
      expect(await first.merchants.delete(tenant, merchant.id)).toEqual({
        outcome: "has_products",
        productCount: 1,
      });
      const pkg = packageRecord(tenant, merchant.id, rule.id, { productId: product.id });
      await first.codePackages.insert(pkg);
      expect(await first.codeRules.delete(tenant, rule.id)).toEqual({
        outcome: "in_use",
        packageCount: 1,
      });
      expect(await first.codeRules.delete(tenant, unused.id)).toEqual({ outcome: "deleted" });
      expect(await first.codeRules.delete(tenant, unused.id)).toEqual({ outcome: "not_found" });
      expect(await first.products.delete(tenant, product.id)).toMatchObject({
        outcome: "has_codes",
        boundCodeCount: 0,
      });

      // A merchant with rules or packages but no products.
      const bare = merchantRecord(tenant);
      await first.merchants.insert(bare);
      const bareRule = ruleRecord(tenant, bare.id);
      await first.codeRules.insert(bareRule);
      expect(await first.merchants.delete(tenant, bare.id)).toEqual({
        outcome: "has_codes",
        codeRuleCount: 1,
        codePackageCount: 0,
      });
      await first.codePackages.insert(packageRecord(tenant, bare.id, bareRule.id));
      await first.codePackages.insert(uploadRecord(tenant, bare.id));
      expect(await first.merchants.delete(tenant, bare.id)).toEqual({
        outcome: "has_codes",
        codeRuleCount: 1,
        codePackageCount: 2,
      });
      const empty = merchantRecord(tenant);
      await first.merchants.insert(empty);
      expect(await first.merchants.delete(tenant, empty.id)).toEqual({ outcome: "deleted" });
    });

    it("stages an upload, reports repeated codes, and imports it in one step", async () => {
      const { first, tenant, merchant, rule } = await setup(target);
      const upload = uploadRecord(tenant, merchant.id);
      await first.codePackages.insert(upload);
      const url = (code: string) => `https://ext.example.com/q/${code}`;
      const line = (n: number, code: string) => ({ line: n, code, url: url(code) });
      expect(
        await first.codeUploads.stage(tenant, upload.id, [
          line(2, "EXT0002"),
          line(3, "EXT0003"),
          line(4, "EXT0002"),
          line(5, "EXT0005"),
        ]),
      ).toEqual({ duplicates: [{ line: 4, firstLine: 2, code: "EXT0002" }] });
      expect(
        await first.codeUploads.stage(tenant, upload.id, [line(6, "EXT0003"), line(7, "EXT0007")]),
      ).toEqual({ duplicates: [{ line: 6, firstLine: 3, code: "EXT0003" }] });
      await expect(
        first.codeUploads.stage(tenant, "pkg_00000000000000000000000000", [line(1, "X")]),
      ).rejects.toThrow(/does not exist/);

      // A staged code that a generated package already holds blocks the whole import.
      const generated = packageRecord(tenant, merchant.id, rule.id);
      await first.codePackages.insert(generated);
      await first.codePackages.writeChunk(
        tenant,
        generated.id,
        chunkOf(codeRows(generated, 1, 2, ["EXT0005", "EXT0007"])),
      );
      expect(await first.codeUploads.commit(tenant, upload.id, AT, 1)).toEqual({
        outcome: "conflicts",
        lines: [{ line: 5, code: "EXT0005" }],
        count: 2,
      });
      expect(
        await first.codePackages.listCodes(tenant, upload.id, { afterSerial: 0, limit: 10 }),
      ).toEqual([]);

      // Discarded and staged again without the conflicting lines, it goes through.
      await first.codeUploads.discard(tenant, upload.id);
      await first.codeUploads.stage(tenant, upload.id, [line(3, "EXT0003"), line(2, "EXT0002")]);
      expect(await first.codeUploads.commit(tenant, upload.id, AT, 10)).toEqual({
        outcome: "committed",
        total: 2,
      });
      expect(await first.codePackages.get(tenant, upload.id)).toEqual({
        ...upload,
        quantity: 2,
        total: 2,
        done: 2,
        status: "succeeded",
        updatedAt: AT,
        finishedAt: AT,
      });
      expect(
        await first.codePackages.listCodes(tenant, upload.id, { afterSerial: 0, limit: 10 }),
      ).toEqual([
        {
          tenantId: tenant,
          code: "EXT0002",
          packageId: upload.id,
          serial: 1,
          level: "item",
          parentSerial: null,
          url: url("EXT0002"),
        },
        {
          tenantId: tenant,
          code: "EXT0003",
          packageId: upload.id,
          serial: 2,
          level: "item",
          parentSerial: null,
          url: url("EXT0003"),
        },
      ]);
      // Committed once: the package is no longer validating, and staging is empty.
      expect(await first.codeUploads.commit(tenant, upload.id, AT, 10)).toEqual({
        outcome: "not_found",
      });
    });

    it("keeps print orders immutable apart from their status moves", async () => {
      const { first, tenant } = await setup(target);
      const order = printOrderRecord(tenant, ["pkg_a", "pkg_b"]);
      await first.printOrders.insert(order);
      expect(await first.printOrders.get(tenant, order.id)).toEqual(order);
      const later = printOrderRecord(tenant, ["pkg_c"]);
      await first.printOrders.insert(later);
      expect(
        (await first.printOrders.list(tenant, {}, { limit: 10, beforeId: null })).map((o) => o.id),
      ).toEqual([later.id, order.id]);
      const printing = await first.printOrders.transition(tenant, order.id, "pending", {
        status: "printing",
        updatedAt: AT,
      });
      expect(printing).toEqual({
        outcome: "updated",
        order: { ...order, status: "printing", updatedAt: AT },
      });
      expect(
        await first.printOrders.transition(tenant, order.id, "pending", {
          status: "printing",
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "wrong_status", status: "printing" });
      expect(
        await first.printOrders.transition(tenant, order.id, "printing", {
          status: "shipped",
          trackingNumber: "SF1234567890",
          courier: "SF",
          updatedAt: AT,
        }),
      ).toMatchObject({
        outcome: "updated",
        order: { trackingNumber: "SF1234567890", courier: "SF" },
      });
      expect(
        (
          await first.printOrders.list(tenant, { status: "pending" }, { limit: 10, beforeId: null })
        ).map((o) => o.id),
      ).toEqual([later.id]);
      expect(
        await first.printOrders.transition(freshTenantId(), order.id, "shipped", {
          status: "shipped",
          updatedAt: AT,
        }),
      ).toEqual({ outcome: "not_found" });
    });
  });

  // Lock contention needs two connections; PGlite serves one.
  describe.skipIf(Boolean(target.skip) || !target.parallel)(
    targetTitle("codes repositories under lock contention", target),
    () => {
      it("reports in_use when a rule delete waited for a package insert that then committed", async () => {
        const { first, second, tenant, merchant, rule } = await setup(target);
        let deletion: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          await tx.codePackages.insert(packageRecord(tenant, merchant.id, rule.id));
          deletion = track(first.codeRules.delete(tenant, rule.id));
          await sleep(150);
          expect(deletion.settled()).toBe(false);
        });
        expect(await deletion?.promise).toEqual({ outcome: "in_use", packageCount: 1 });
      });

      it("refuses a package insert that waited for a rule delete that then committed", async () => {
        const { first, second, tenant, merchant } = await setup(target);
        const doomed = ruleRecord(tenant, merchant.id);
        await first.codeRules.insert(doomed);
        let insertion: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          expect(await tx.codeRules.delete(tenant, doomed.id)).toEqual({ outcome: "deleted" });
          insertion = track(
            first.codePackages.insert(packageRecord(tenant, merchant.id, doomed.id)),
          );
          await sleep(150);
          expect(insertion.settled()).toBe(false);
        });
        expect(await insertion?.promise).toEqual({ outcome: "rule_not_found" });
      });

      it("reports has_codes when a merchant delete waited for a rule insert that then committed", async () => {
        const { first, second, tenant } = await setup(target);
        const bare = merchantRecord(tenant);
        await first.merchants.insert(bare);
        let deletion: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          expect(await tx.codeRules.insert(ruleRecord(tenant, bare.id))).toEqual({
            outcome: "inserted",
          });
          deletion = track(first.merchants.delete(tenant, bare.id));
          await sleep(150);
          expect(deletion.settled()).toBe(false);
        });
        expect(await deletion?.promise).toEqual({
          outcome: "has_codes",
          codeRuleCount: 1,
          codePackageCount: 0,
        });
      });

      it("reports a conflict when an upload's code was written by a job while it committed", async () => {
        const { first, second, tenant, merchant, rule } = await setup(target);
        const upload = uploadRecord(tenant, merchant.id);
        await first.codePackages.insert(upload);
        await first.codeUploads.stage(tenant, upload.id, [
          { line: 1, code: "RACE0001", url: "https://ext.example.com/q/RACE0001" },
        ]);
        const generated = packageRecord(tenant, merchant.id, rule.id);
        await first.codePackages.insert(generated);
        let commit: ReturnType<typeof track> | undefined;
        await second.transaction(async (tx) => {
          await tx.codePackages.writeChunk(
            tenant,
            generated.id,
            chunkOf(codeRows(generated, 1, 1, ["RACE0001"])),
          );
          commit = track(first.codeUploads.commit(tenant, upload.id, AT, 10));
          await sleep(150);
          expect(commit.settled()).toBe(false);
        });
        expect(await commit?.promise).toEqual({
          outcome: "conflicts",
          lines: [{ line: 1, code: "RACE0001" }],
          count: 1,
        });
        expect((await first.codePackages.get(tenant, upload.id))?.status).toBe("validating");
      });
    },
  );
}
