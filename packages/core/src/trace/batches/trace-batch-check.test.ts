import { describe, expect, it } from "vitest";
import { issuesOf } from "../../catalog/catalog-test-kit.js";
import { rejectionOf } from "../../codes/codes-test-kit.js";
import { traceTestKit } from "../trace-test-kit.js";
import type { NewTraceBatchInput } from "./trace-batch.js";
import { checkTraceBatchPatchFields } from "./trace-batch-check.js";

describe("trace batch validation", () => {
  it("names every broken field and rule of a new batch", async () => {
    const { onecode, admin } = await traceTestKit();
    const error = await rejectionOf(
      onecode.traceBatches.create(admin, {
        batchNumber: "批".repeat(51),
        productId: "",
        productionDate: "2026-02-30",
        shelfLifeDays: 0,
        remark: "r".repeat(501),
        customFields: [{ title: "", type: "text", content: "x", showOnScan: true }],
        template: { kind: "fancy" as "basic", headerImage: "ftp://x/y.png" },
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["batchNumber", "max_length"],
      ["productId", "required"],
      ["productionDate", "date"],
      ["shelfLifeDays", "range"],
      ["remark", "max_length"],
      ["customFields.0.title", "required"],
      ["template.kind", "one_of"],
      ["template.headerImage", "url"],
    ]);
  });

  it("accepts the bounds: 50-character numbers, 1 and 36,500 days, 500-character remarks", async () => {
    const { batch } = await traceTestKit();
    const longest = await batch({
      batchNumber: "批".repeat(50),
      shelfLifeDays: 36_500,
      remark: "r".repeat(500),
      productionDate: "2024-02-29",
    });
    expect(longest.expiryDate).toBe("2124-02-05");
    expect((await batch({ shelfLifeDays: 1, productionDate: "2026-12-31" })).expiryDate).toBe(
      "2027-01-01",
    );
    expect((await batch({ shelfLifeDays: null })).expiryDate).toBeNull();
  });

  it("refuses malformed dates and shelf lives", async () => {
    const { batch } = await traceTestKit();
    const cases: Array<[Partial<NewTraceBatchInput>, [string, string]]> = [
      [{ productionDate: "2026-4-1" }, ["productionDate", "date"]],
      [{ productionDate: "2025-02-29" }, ["productionDate", "date"]],
      [{ productionDate: "2026-13-01" }, ["productionDate", "date"]],
      [{ productionDate: "2026-04-01T00:00:00Z" }, ["productionDate", "date"]],
      [{ productionDate: 20260401 as unknown as string }, ["productionDate", "date"]],
      [{ shelfLifeDays: 36_501 }, ["shelfLifeDays", "range"]],
      [{ shelfLifeDays: 1.5 }, ["shelfLifeDays", "range"]],
      [{ shelfLifeDays: "30" as unknown as number }, ["shelfLifeDays", "range"]],
      [{ batchNumber: "   " }, ["batchNumber", "required"]],
    ];
    for (const [input, issue] of cases) {
      expect(issuesOf(await rejectionOf(batch(input)))).toEqual([issue]);
    }
  });

  it("fills template defaults and allows a brand video only on the brand template", async () => {
    const { onecode, admin, batch } = await traceTestKit();
    const brand = await batch({
      template: {
        kind: "brand",
        brandVideo: "https://v.example.com/b.mp4",
        showScanHistory: false,
      },
    });
    expect(brand.template).toEqual({
      kind: "brand",
      headerImage: null,
      brandVideo: "https://v.example.com/b.mp4",
      showScanHistory: false,
      showAuthenticityCheck: true,
    });
    const refused = await rejectionOf(
      batch({ template: { kind: "identity", brandVideo: "https://v.example.com/b.mp4" } }),
    );
    expect(issuesOf(refused)).toEqual([["template.brandVideo", "brand_only"]]);
    const flags = await rejectionOf(
      batch({ template: { showAuthenticityCheck: "yes" as unknown as boolean } }),
    );
    expect(issuesOf(flags)).toEqual([["template.showAuthenticityCheck", "type"]]);
    // Leaving the brand template drops its video; the rest of the template is kept.
    const identity = await onecode.traceBatches.update(admin, brand.id, {
      template: { kind: "identity" },
    });
    expect(identity.template).toEqual({ ...brand.template, kind: "identity", brandVideo: null });
  });

  it("validates a patch, naming the fields", async () => {
    const { onecode, admin, batch } = await traceTestKit();
    const created = await batch();
    const error = await rejectionOf(
      onecode.traceBatches.update(admin, created.id, {
        batchNumber: "",
        productionDate: "01/04/2026",
        customFields: Array.from({ length: 31 }, () => ({
          title: "t",
          type: "text" as const,
          content: "c",
          showOnScan: true,
        })),
        template: "basic" as unknown as object,
      }),
    );
    expect(issuesOf(error)).toEqual([
      ["batchNumber", "required"],
      ["productionDate", "date"],
      ["customFields", "max_items"],
      ["template", "type"],
    ]);
  });
});

describe("trace batch patch fields", () => {
  const issuesOfPatch = (patch: Parameters<typeof checkTraceBatchPatchFields>[0]) => {
    try {
      checkTraceBatchPatchFields(patch);
      return [];
    } catch (error) {
      return issuesOf(error);
    }
  };

  it("checks each present field without the batch at hand", () => {
    expect(
      issuesOfPatch({ batchNumber: "", productionDate: "2026-02-30", shelfLifeDays: 0 }),
    ).toEqual([
      ["batchNumber", "required"],
      ["productionDate", "date"],
      ["shelfLifeDays", "range"],
    ]);
    expect(issuesOfPatch({ remark: "ok" })).toEqual([]);
  });

  it("refuses a brand video only when the patch itself names another template kind", () => {
    const video = "https://v.example/brand.mp4";
    expect(issuesOfPatch({ template: { brandVideo: video } })).toEqual([]);
    expect(issuesOfPatch({ template: { kind: "basic", brandVideo: video } })).toEqual([
      ["template.brandVideo", "brand_only"],
    ]);
  });
});
