import type {
  Coupon,
  CouponCode,
  CouponSettings,
  CouponUse,
} from "../promotions/coupons/coupon.js";
import type { CouponRepository } from "../promotions/coupons/ports.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The memory tables behind {@link memoryCouponRepository}. */
export class MemoryCouponTables {
  readonly coupons = new MemoryTable<Coupon>();
  readonly codes = new MemoryTable<CouponCode>();
  readonly uses = new MemoryTable<CouponUse & { readonly id: string }>();
  readonly settings = new Map<string, CouponSettings>();
}

const byIdAsc = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const useId = (couponId: string, orderId: string) => `${couponId}\u0000${orderId}`;

/**
 * The memory coupon repository. Calls are serialized by the memory storage
 * and no method awaits between its check and its write, so each is atomic.
 */
export function memoryCouponRepository(
  tables: MemoryCouponTables,
  undo: UndoLog | null,
): CouponRepository {
  const { coupons, codes, uses, settings } = tables;
  const unassigned = (tenantId: string, couponId: string) =>
    codes
      .some(tenantId, (row) => row.couponId === couponId && row.state === "unassigned")
      .sort(byIdAsc);
  const hold = (
    row: CouponCode,
    customerId: string,
    via: CouponCode["via"],
    at: string,
    grantKey: string | null,
  ) => {
    const held: CouponCode = {
      ...row,
      state: "held",
      holderId: customerId,
      via,
      heldAt: at,
      grantKey,
    };
    codes.put(held, undo);
    return held;
  };
  return {
    async insert(coupon, batch) {
      const taken = (code: string) =>
        codes.some(coupon.tenantId, (row) => row.code === code).length > 0 ||
        coupons.some(coupon.tenantId, (row) => row.code === code).length > 0;
      if (coupon.code !== null && taken(coupon.code)) {
        return { outcome: "code_taken", code: coupon.code };
      }
      const seen = new Set<string>();
      for (const row of batch) {
        if (seen.has(row.code) || taken(row.code)) return { outcome: "code_taken", code: row.code };
        seen.add(row.code);
      }
      coupons.put(coupon, undo);
      for (const row of batch) codes.put(row, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return coupons.get(tenantId, id);
    },
    async getByClaimToken(tenantId, claimToken) {
      const [row] = coupons.some(tenantId, (c) => c.claimToken === claimToken);
      return row ? structuredClone(row) : null;
    },
    async getByReusableCode(tenantId, code) {
      const [row] = coupons.some(tenantId, (c) => c.kind === "reusable" && c.code === code);
      return row ? structuredClone(row) : null;
    },
    async list(tenantId, filter, page) {
      return coupons.list(
        tenantId,
        (row) =>
          (filter.status === undefined || row.status === filter.status) &&
          (filter.kind === undefined || row.kind === filter.kind),
        page.beforeId,
        page.limit,
      );
    },
    async update(tenantId, id, expectedStatus, changes) {
      const row = coupons.get(tenantId, id);
      if (!row || row.status !== expectedStatus) return null;
      const updated = { ...row, ...changes };
      coupons.put(updated, undo);
      return structuredClone(updated);
    },
    async delete(tenantId, id) {
      const row = coupons.get(tenantId, id);
      if (!row) return "not_found";
      const own = codes.some(tenantId, (code) => code.couponId === id);
      const used = uses.some(tenantId, (use) => use.couponId === id);
      if (row.useCount > 0 || used.length > 0 || own.some((code) => code.state !== "unassigned")) {
        return "in_use";
      }
      for (const code of own) codes.remove(tenantId, code.id, undo);
      coupons.remove(tenantId, id, undo);
      return "deleted";
    },
    async issue(tenantId, couponId, grants, via, at) {
      if (coupons.get(tenantId, couponId)?.status !== "published") return { outcome: "closed" };
      const keyed = (key: string) => codes.some(tenantId, (row) => row.grantKey === key).length > 0;
      const wanted = grants.filter((grant) => !(grant.grantKey && keyed(grant.grantKey)));
      const needed = wanted.reduce((sum, grant) => sum + grant.quantity, 0);
      const left = unassigned(tenantId, couponId);
      if (left.length < needed) return { outcome: "short", available: left.length };
      const issued: CouponCode[] = [];
      let next = 0;
      for (const grant of wanted) {
        for (let i = 0; i < grant.quantity; i++) {
          const row = left[next++] as CouponCode;
          issued.push(hold(row, grant.customerId, via, at, grant.grantKey ?? null));
        }
      }
      return { outcome: "issued", codes: structuredClone(issued) };
    },
    async claim(tenantId, couponId, customerId, limit, at) {
      if (coupons.get(tenantId, couponId)?.status !== "published") return { outcome: "closed" };
      const mine = codes.some(
        tenantId,
        (row) => row.couponId === couponId && row.holderId === customerId && row.via === "claimed",
      );
      if (mine.length >= limit) return { outcome: "limit_reached" };
      const [row] = unassigned(tenantId, couponId);
      if (!row) return { outcome: "short" };
      return {
        outcome: "claimed",
        code: structuredClone(hold(row, customerId, "claimed", at, null)),
      };
    },
    async getCode(tenantId, code) {
      const [row] = codes.some(tenantId, (c) => c.code === code);
      return row ? structuredClone(row) : null;
    },
    async listHeld(tenantId, customerId, page) {
      return codes.list(tenantId, (row) => row.holderId === customerId, page.beforeId, page.limit);
    },
    async listCodes(tenantId, couponId, page) {
      return codes
        .some(
          tenantId,
          (row) => row.couponId === couponId && (page.afterId === null || row.id > page.afterId),
        )
        .sort(byIdAsc)
        .slice(0, page.limit)
        .map((row) => structuredClone(row));
    },
    async useCode(tenantId, codeId, customerId, orderId, at) {
      const row = codes.get(tenantId, codeId);
      if (row?.state !== "held" || row.holderId !== customerId) return null;
      const used: CouponCode = { ...row, state: "used", orderId, usedAt: at };
      codes.put(used, undo);
      return used;
    },
    async codesOfOrder(tenantId, orderId) {
      return codes
        .some(tenantId, (row) => row.orderId === orderId && row.state === "used")
        .sort(byIdAsc)
        .map((row) => structuredClone(row));
    },
    async returnCode(tenantId, codeId, orderId) {
      const row = codes.get(tenantId, codeId);
      if (row?.state !== "used" || row.orderId !== orderId) return false;
      codes.put({ ...row, state: "held", orderId: null, usedAt: null }, undo);
      return true;
    },
    async useReusable(tenantId, couponId, customerId, orderId, at) {
      const coupon = coupons.get(tenantId, couponId);
      if (coupon?.kind !== "reusable") return { outcome: "exhausted" };
      if (uses.get(tenantId, useId(couponId, orderId))) return { outcome: "already_used" };
      if (coupon.status !== "published") return { outcome: "closed" };
      if (coupon.useCount >= (coupon.useLimit ?? 0)) return { outcome: "exhausted" };
      const mine = uses.some(
        tenantId,
        (use) => use.couponId === couponId && use.customerId === customerId,
      );
      if (mine.length >= coupon.perCustomerLimit) return { outcome: "limit_reached" };
      uses.put({ tenantId, id: useId(couponId, orderId), couponId, orderId, customerId, at }, undo);
      const useCount = coupon.useCount + 1;
      coupons.put({ ...coupon, useCount }, undo);
      return { outcome: "used", useCount };
    },
    async reusableOfOrder(tenantId, orderId) {
      return uses
        .some(tenantId, (use) => use.orderId === orderId)
        .map((use) => use.couponId)
        .sort();
    },
    async returnReusable(tenantId, couponId, orderId) {
      const id = useId(couponId, orderId);
      if (!uses.get(tenantId, id)) return false;
      uses.remove(tenantId, id, undo);
      const coupon = coupons.get(tenantId, couponId);
      if (coupon) coupons.put({ ...coupon, useCount: Math.max(0, coupon.useCount - 1) }, undo);
      return true;
    },
    async statistics(tenantId, couponId) {
      const coupon = coupons.get(tenantId, couponId);
      if (!coupon) return null;
      if (coupon.kind === "reusable") {
        const limit = coupon.useLimit ?? 0;
        return {
          total: limit,
          available: Math.max(0, limit - coupon.useCount),
          issued: 0,
          claimed: 0,
          used: coupon.useCount,
        };
      }
      const own = codes.some(tenantId, (row) => row.couponId === couponId);
      return {
        total: own.length,
        available: own.filter((row) => row.state === "unassigned").length,
        issued: own.filter((row) => row.via !== null && row.via !== "claimed").length,
        claimed: own.filter((row) => row.via === "claimed").length,
        used: own.filter((row) => row.state === "used").length,
      };
    },
    async getSettings(tenantId) {
      const row = settings.get(tenantId);
      return row ? structuredClone(row) : null;
    },
    async saveSettings(saved) {
      const previous = settings.get(saved.tenantId);
      settings.set(saved.tenantId, structuredClone(saved));
      undo?.push(() =>
        previous ? settings.set(saved.tenantId, previous) : settings.delete(saved.tenantId),
      );
    },
  };
}
