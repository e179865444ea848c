import { describe, expect, it } from "vitest";
import { freightTemplateRules } from "../../../testing/freight-fixtures.js";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { createOneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { tenantContext } from "../../kernel/tenant.js";

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const inspector = tenantContext("acme", { id: "ivan", kind: "staff", roles: ["inspector"] });
const otherAdmin = tenantContext("other", { id: "olga", kind: "staff", roles: ["admin"] });

function setup() {
  const clock = new ManualClock("2026-05-01T00:00:00.000Z");
  return { onecode: createOneCode({ clock }), clock };
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await run;
  } catch (error) {
    return error as { code: string; details: unknown };
  }
  throw new Error("expected a refusal");
}

describe("freight templates (运费模板)", () => {
  it("creates, reads, lists, replaces and deletes a template, auditing each change", async () => {
    const { onecode, clock } = setup();
    const created = await onecode.freightTemplates.create(admin, freightTemplateRules());
    expect(created).toMatchObject({ ...freightTemplateRules(), tenantId: "acme" });
    expect(await onecode.freightTemplates.get(admin, created.id)).toEqual(created);
    clock.advance(1000);
    const updated = await onecode
      .as(admin)
      .freightTemplates.update(created.id, { ...freightTemplateRules(), selfPickup: false });
    expect(updated).toEqual({
      ...created,
      selfPickup: false,
      updatedAt: "2026-05-01T00:00:01.000Z",
    });
    expect((await onecode.freightTemplates.list(admin)).items).toEqual([updated]);
    await onecode.freightTemplates.delete(admin, created.id);
    expect((await refusal(onecode.freightTemplates.get(admin, created.id))).code).toBe("NOT_FOUND");

    const log = await onecode.audit.list(admin, { targetType: "freight_template" });
    expect(log.items.map((entry) => [entry.action, Object.keys(entry.changes)])).toEqual([
      ["orders.freight_template.deleted", expect.arrayContaining(["name", "selfPickup"])],
      ["orders.freight_template.updated", ["selfPickup"]],
      ["orders.freight_template.created", expect.arrayContaining(["pricing", "regionRules"])],
    ]);
  });

  it("quotes a parcel under a stored template, refusing what it does not deliver", async () => {
    const { onecode } = setup();
    const { id } = await onecode.freightTemplates.create(admin, freightTemplateRules());
    const consumer = tenantContext("acme", { id: "buyer-1", kind: "consumer" });
    expect(
      await onecode.freightTemplates.quote(consumer, id, {
        weightGrams: 2300,
        regionCode: "CN-ZJ",
        deliveryMethod: "express",
      }),
    ).toEqual({ amount: 1000, currency: "CNY" });
    const refused = await refusal(
      onecode.freightTemplates.quote(admin, id, {
        weightGrams: 100,
        regionCode: "CN-XZ",
        deliveryMethod: "express",
      }),
    );
    expect(refused).toMatchObject({
      code: "REGION_NOT_DELIVERED",
      details: { regionCode: "CN-XZ", templateId: id },
    });
  });

  it("refuses bad input naming each field and changes nothing", async () => {
    const { onecode } = setup();
    const error = await refusal(
      onecode.freightTemplates.create(admin, {
        ...freightTemplateRules(),
        courier: "",
        undeliveredRegions: ["CN-ZJ"],
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["courier", "required"],
      ["undeliveredRegions.0", "priced_and_undelivered"],
    ]);
    expect((await onecode.freightTemplates.list(admin)).items).toEqual([]);
    expect((await onecode.audit.list(admin)).items).toEqual([]);
  });

  it("needs orders.settings to change and orders.read to read, and keeps tenants apart", async () => {
    const { onecode } = setup();
    const { id } = await onecode.freightTemplates.create(admin, freightTemplateRules());
    expect(
      await refusal(onecode.freightTemplates.create(inspector, freightTemplateRules())),
    ).toMatchObject({ code: "FORBIDDEN", details: { capability: "orders.settings" } });
    expect(await refusal(onecode.freightTemplates.get(inspector, id))).toMatchObject({
      code: "FORBIDDEN",
      details: { capability: "orders.read" },
    });
    expect((await refusal(onecode.freightTemplates.get(otherAdmin, id))).code).toBe("NOT_FOUND");
    expect(
      (await refusal(onecode.freightTemplates.update(otherAdmin, id, freightTemplateRules()))).code,
    ).toBe("NOT_FOUND");
    expect((await refusal(onecode.freightTemplates.delete(otherAdmin, id))).code).toBe("NOT_FOUND");
    expect(
      (
        await refusal(
          onecode.freightTemplates.quote(otherAdmin, id, {
            weightGrams: 1,
            regionCode: "CN",
            deliveryMethod: "express",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect((await onecode.freightTemplates.get(admin, id)).id).toBe(id);
  });
});
