import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import { distributionTestKit, rejectionOf } from "./distribution-test-kit.js";

describe("staff", () => {
  it("creates a member with roles and assigned enterprises; the display name defaults to the login", async () => {
    const { onecode, admin, enterprise } = await distributionTestKit();
    const shop = await enterprise();
    const member = await onecode.distribution.createStaff(admin, {
      loginName: "王小明_op1",
      roles: ["stock_operator", "inspector"],
      enterpriseIds: [shop.id],
    });
    expect(member).toEqual({
      id: expect.stringMatching(/^stf_/),
      tenantId: "acme",
      loginName: "王小明_op1",
      displayName: "王小明_op1",
      roles: ["stock_operator", "inspector"],
      enterpriseIds: [shop.id],
      createdAt: "2026-05-01T08:00:00.000Z",
      updatedAt: "2026-05-01T08:00:00.000Z",
    });
    expect(await onecode.distribution.getStaff(admin, member.id)).toEqual(member);
    expect((await onecode.distribution.listStaff(admin)).items).toEqual([member]);
  });

  it("checks login names: 6-30 letters, digits, '_' or CJK", async () => {
    const { onecode, admin } = await distributionTestKit();
    const cases: Array<[string, string]> = [
      ["short", "min_length"],
      ["x".repeat(31), "max_length"],
      ["has space", "login_name"],
      ["dash-name", "login_name"],
      ["emoji😀name", "login_name"],
    ];
    for (const [loginName, rule] of cases) {
      const error = await rejectionOf(
        onecode.distribution.createStaff(admin, { loginName, roles: ["inspector"] }),
      );
      expect(issuesOf(error)).toEqual([["loginName", rule]]);
    }
    for (const loginName of ["abc_12", "出入库管理员", "x".repeat(30)]) {
      await onecode.distribution.createStaff(admin, { loginName, roles: ["inspector"] });
    }
  });

  it("names broken roles and enterprise lists", async () => {
    const { onecode, admin } = await distributionTestKit();
    const error = await rejectionOf(
      onecode.distribution.createStaff(admin, {
        loginName: "valid_name",
        displayName: "d".repeat(51),
        roles: ["admin", "boss" as never, "admin"],
        enterpriseIds: ["ent_a", "ent_a"],
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["displayName", "max_length"],
      ["roles.1", "one_of"],
      ["roles", "unique"],
      ["enterpriseIds", "unique"],
    ]);
    const none = await rejectionOf(
      onecode.distribution.createStaff(admin, { loginName: "valid_name", roles: [] }),
    );
    expect(issuesOf(none)).toEqual([["roles", "min_items"]]);
  });

  it("requires assigned enterprises to exist in the tenant", async () => {
    const { onecode, admin, enterprise } = await distributionTestKit();
    const shop = await enterprise();
    const error = await rejectionOf(
      onecode.distribution.createStaff(admin, {
        loginName: "valid_name",
        roles: ["stock_operator"],
        enterpriseIds: [shop.id, "ent_missing"],
      }),
    );
    expect(isOneCodeError(error, "NOT_FOUND")).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({ field: "enterpriseIds.1" });
  });

  it("keeps login names unique per tenant ignoring case, also for parallel creates", async () => {
    const { onecode, admin, staff } = await distributionTestKit();
    await onecode.distribution.createStaff(admin, { loginName: "Alice_01", roles: ["inspector"] });
    const taken = await rejectionOf(
      onecode.distribution.createStaff(admin, { loginName: "alice_01", roles: ["admin"] }),
    );
    expect(isOneCodeError(taken, "LOGIN_NAME_TAKEN")).toBe(true);
    const other = staff("globex", "admin");
    await onecode.distribution.createStaff(other, { loginName: "alice_01", roles: ["admin"] });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        onecode.distribution.createStaff(admin, { loginName: "racer_1", roles: ["inspector"] }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("updates only the given fields, rechecking the login", async () => {
    const { onecode, admin, clock, enterprise } = await distributionTestKit();
    const shop = await enterprise();
    const member = await onecode.distribution.createStaff(admin, {
      loginName: "member_1",
      displayName: "Member",
      roles: ["inspector"],
    });
    await onecode.distribution.createStaff(admin, { loginName: "member_2", roles: ["inspector"] });
    clock.advance(1000);
    const updated = await onecode.distribution.updateStaff(admin, member.id, {
      roles: ["stock_operator"],
      enterpriseIds: [shop.id],
    });
    expect(updated).toEqual({
      ...member,
      roles: ["stock_operator"],
      enterpriseIds: [shop.id],
      updatedAt: "2026-05-01T08:00:01.000Z",
    });
    const clash = await rejectionOf(
      onecode.distribution.updateStaff(admin, member.id, { loginName: "MEMBER_2" }),
    );
    expect(isOneCodeError(clash, "LOGIN_NAME_TAKEN")).toBe(true);
    await onecode.distribution.deleteStaff(admin, member.id);
    expect(
      isOneCodeError(
        await rejectionOf(onecode.distribution.getStaff(admin, member.id)),
        "NOT_FOUND",
      ),
    ).toBe(true);
    expect(
      isOneCodeError(
        await rejectionOf(onecode.distribution.deleteStaff(admin, member.id)),
        "NOT_FOUND",
      ),
    ).toBe(true);
  });

  it("is for admins only", async () => {
    const { onecode, staff } = await distributionTestKit();
    const operator = staff("acme", "stock_operator", "inspector");
    const attempts = [
      onecode.distribution.createStaff(operator, { loginName: "sneaky_1", roles: ["admin"] }),
      onecode.distribution.listStaff(operator),
      onecode.distribution.getStaff(operator, "stf_x"),
      onecode.distribution.updateStaff(operator, "stf_x", {}),
      onecode.distribution.deleteStaff(operator, "stf_x"),
    ];
    for (const attempt of attempts) {
      expect(isOneCodeError(await rejectionOf(attempt), "FORBIDDEN")).toBe(true);
    }
  });
});
