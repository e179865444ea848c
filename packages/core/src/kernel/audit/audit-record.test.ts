import { describe, expect, it } from "vitest";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../clock.js";
import { isOneCodeError } from "../errors.js";
import { tenantContext } from "../tenant.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });

describe("audit.record (host modules)", () => {
  it("appends in the change's transaction, redacting secrets, and leaves nothing when it rolls back", async () => {
    const onecode = createOneCode({ clock: new ManualClock("2026-05-01T00:00:00Z") });
    await onecode.ports.storage.transaction((tx) =>
      onecode.audit.record(tx, admin, {
        action: "promotions.flash_sale.paused",
        target: { type: "flash_sale", id: "fs_1" },
        changes: { paused: { before: false, after: true }, apiSecret: { after: "s3cr3t" } },
      }),
    );
    await expect(
      onecode.ports.storage.transaction(async (tx) => {
        await onecode.audit.record(tx, admin, {
          action: "promotions.flash_sale.resumed",
          target: { type: "flash_sale", id: "fs_1" },
          changes: { paused: { before: true, after: false } },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const { items } = await onecode.audit.list(admin, { targetId: "fs_1" });
    expect(items).toEqual([
      expect.objectContaining({
        action: "promotions.flash_sale.paused",
        actor: { kind: "staff", id: "alice" },
        changes: { paused: { before: false, after: true }, apiSecret: { after: "[redacted]" } },
      }),
    ]);
  });

  it("names every broken rule of a malformed change", async () => {
    const onecode = createOneCode();
    const error = await onecode.ports.storage
      .transaction((tx) =>
        onecode.audit.record(tx, admin, {
          action: "Paused!",
          target: { type: "", id: "fs_1" },
          changes: { paused: 1 as never },
        }),
      )
      .catch((caught: unknown) => caught);
    expect(isOneCodeError(error, "VALIDATION_FAILED")).toBe(true);
    const fields = isOneCodeError(error, "VALIDATION_FAILED")
      ? error.details.issues.map((issue) => issue.field)
      : [];
    expect(fields).toEqual(["action", "target.type", "changes.paused"]);
  });
});
