import { describe, expect, it } from "vitest";
import { staffRecord } from "../distribution-fixtures.js";
import { freshTenantId } from "../fixtures.js";
import type { StorageSuiteContext } from "./suite-context.js";

export function staffTests({ storage }: StorageSuiteContext): void {
  const staff = () => storage().staff;

  describe("staff", () => {
    it("stores a member and reads every field back unchanged", async () => {
      const tenant = freshTenantId();
      const member = staffRecord(tenant, {
        loginName: "出入库管理员_01",
        roles: ["stock_operator", "inspector"],
        enterpriseIds: ["ent_a", "ent_b"],
      });
      expect(await staff().insert(member)).toEqual({ outcome: "inserted" });
      expect(await staff().get(tenant, member.id)).toEqual(member);
    });

    it("keeps login names unique per tenant, ignoring case", async () => {
      const tenant = freshTenantId();
      await staff().insert(staffRecord(tenant, { loginName: "Alice_01" }));
      const clash = staffRecord(tenant, { loginName: "aLICE_01" });
      expect(await staff().insert(clash)).toEqual({ outcome: "login_taken" });
      expect(await staff().get(tenant, clash.id)).toBeNull();
      expect(await staff().insert(staffRecord(freshTenantId(), { loginName: "alice_01" }))).toEqual(
        {
          outcome: "inserted",
        },
      );
    });

    it("lets exactly one of many parallel inserts of one login name win", async () => {
      const tenant = freshTenantId();
      const members = Array.from({ length: 8 }, () =>
        staffRecord(tenant, { loginName: "racer_01" }),
      );
      const results = await Promise.all(members.map((member) => staff().insert(member)));
      expect(results.filter((r) => r.outcome === "inserted")).toHaveLength(1);
      expect(await staff().list(tenant, { limit: 50, beforeId: null })).toHaveLength(1);
    });

    it("lists newest first, paged", async () => {
      const tenant = freshTenantId();
      const made = [];
      for (let i = 0; i < 3; i++) {
        const member = staffRecord(tenant);
        await staff().insert(member);
        made.push(member.id);
      }
      const first = await staff().list(tenant, { limit: 2, beforeId: null });
      expect(first.map((m) => m.id)).toEqual([made[2], made[1]]);
      const rest = await staff().list(tenant, { limit: 2, beforeId: made[1] ?? null });
      expect(rest.map((m) => m.id)).toEqual([made[0]]);
    });

    it("replaces a member, refusing another member's login name", async () => {
      const tenant = freshTenantId();
      const member = staffRecord(tenant, { loginName: "member_01" });
      const other = staffRecord(tenant, { loginName: "member_02" });
      await staff().insert(member);
      await staff().insert(other);
      const renamed = { ...member, loginName: "MEMBER_01", roles: ["admin" as const] };
      expect(await staff().update(tenant, renamed)).toEqual({ outcome: "updated" });
      expect(await staff().get(tenant, member.id)).toEqual(renamed);
      expect(await staff().update(tenant, { ...member, loginName: "Member_02" })).toEqual({
        outcome: "login_taken",
      });
      expect(await staff().get(tenant, member.id)).toEqual(renamed);
      expect(await staff().update(tenant, staffRecord(tenant))).toEqual({ outcome: "not_found" });
    });

    it("lets exactly one of two members racing to rename to one login win", async () => {
      const tenant = freshTenantId();
      const a = staffRecord(tenant);
      const b = staffRecord(tenant);
      await staff().insert(a);
      await staff().insert(b);
      const results = await Promise.all([
        staff().update(tenant, { ...a, loginName: "taken_01" }),
        staff().update(tenant, { ...b, loginName: "taken_01" }),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(["login_taken", "updated"]);
    });

    it("deletes a member; false when absent", async () => {
      const tenant = freshTenantId();
      const member = staffRecord(tenant);
      await staff().insert(member);
      expect(await staff().delete(tenant, member.id)).toBe(true);
      expect(await staff().get(tenant, member.id)).toBeNull();
      expect(await staff().delete(tenant, member.id)).toBe(false);
      expect(await staff().insert(staffRecord(tenant, { loginName: member.loginName }))).toEqual({
        outcome: "inserted",
      });
    });
  });
}
