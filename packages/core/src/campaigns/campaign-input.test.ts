import { describe, expect, it } from "vitest";
import { issuesOf } from "../catalog/catalog-test-kit.js";
import { InputCheck } from "../kernel/input-check.js";
import {
  checkActivityBatchPatch,
  checkCampaignPatch,
  checkNewActivityBatch,
  checkNewCampaign,
  checkNewPrize,
  checkPrizePatch,
} from "./campaign-input.js";
import { parseCdkText } from "./cdk-import.js";

const issues = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return issuesOf(error);
  }
  return [];
};

const slot = (probability: number, overrides: Record<string, unknown> = {}) => ({
  prizeId: "prz_1",
  probability,
  allocation: 1,
  accountLimit: { period: "month", times: 3 },
  ...overrides,
});

describe("campaign input checks", () => {
  it("turns two-decimal percentages into basis points despite floating point", () => {
    const checked = checkNewCampaign({
      template: "lucky_draw",
      title: "Draw",
      startsAt: "2026-05-01T00:00:00+08:00",
      endsAt: "2026-05-02T00:00:00+08:00",
      slots: [slot(0.29), slot(12.34), slot(0), slot(0.01)],
    });
    expect(checked.slots.map((s) => s.probabilityBp)).toEqual([29, 1234, 0, 1]);
    expect(checked).toMatchObject({
      startsAt: "2026-04-30T16:00:00.000Z",
      rules: "",
      topImage: null,
    });
    expect(checked.slots[0]?.accountLimit).toEqual({ period: "month", times: 3 });
  });

  it("refuses a probability sum over 100 % and bad limits", () => {
    expect(
      issues(() =>
        checkNewCampaign({
          template: "scratch",
          title: "S",
          startsAt: "2026-05-01T00:00:00Z",
          endsAt: "2026-05-02T00:00:00Z",
          slots: [
            slot(50.01),
            slot(50, { accountLimit: { period: "day", times: 1_000_001 } }),
            slot(0, { accountLimit: null, allocation: 10_000_001 }),
          ],
        }),
      ),
    ).toEqual([
      ["slots.1.accountLimit.times", "range"],
      ["slots.2.allocation", "range"],
      ["slots.2.accountLimit", "required"],
      ["slots", "probability_sum"],
    ]);
  });

  it("checks a campaign patch's own fields, the wheel's count when told the template", () => {
    expect(checkCampaignPatch({ title: " New " })).toEqual({ title: "New" });
    expect(
      issues(() =>
        checkCampaignPatch({
          template: "wheel",
          startsAt: "2026-05-02T00:00:00Z",
          endsAt: "2026-05-01T00:00:00Z",
        }),
      ),
    ).toEqual([
      ["template", "not_allowed"],
      ["endsAt", "after_starts_at"],
    ]);
    expect(issues(() => checkCampaignPatch({ slots: [slot(10)] }, "wheel"))).toEqual([
      ["slots", "min_items"],
      ["slots", "wheel_slots"],
    ]);
    expect(checkCampaignPatch({ slots: [slot(10)] }, "scratch").slots).toHaveLength(1);
  });

  it("checks prizes by kind", () => {
    expect(
      checkNewPrize({ name: "Pts", kind: "points", totalStock: 10, points: 50 }),
    ).toMatchObject({ kind: "points", points: 50, cashAmount: null, cdk: null });
    expect(issues(() => checkNewPrize({ name: "C", kind: "coupon", totalStock: 1 }))).toEqual([
      ["couponId", "required"],
    ]);
    expect(
      issues(() =>
        checkNewPrize({
          name: "P",
          kind: "physical",
          totalStock: 1,
          purchase: { unitCost: 0, supplier: "" },
        }),
      ),
    ).toEqual([
      ["purchase.unitCost", "range"],
      ["purchase.supplier", "required"],
    ]);
    expect(checkPrizePatch({ description: "How to claim" })).toEqual({
      description: "How to claim",
    });
    expect(issues(() => checkPrizePatch({ kind: "cdk" }))).toEqual([["kind", "not_allowed"]]);
  });

  it("reads CDK text: CRLF or LF, trimmed keys, blank and repeated lines by number", () => {
    const check = new InputCheck();
    const parsed = parseCdkText(check, " A \r\nB\n\nA\r\n\t\nC\nB\n");
    expect(check.issues).toEqual([]);
    expect(parsed).toEqual({
      keys: [
        { key: "A", line: 1 },
        { key: "B", line: 2 },
        { key: "C", line: 6 },
      ],
      blankLines: [3, 5],
      duplicateLines: [
        { line: 4, firstLine: 1 },
        { line: 7, firstLine: 2 },
      ],
    });
    const empty = new InputCheck();
    parseCdkText(empty, "");
    expect(empty.issues.map((issue) => issue.rule)).toEqual(["no_keys"]);
  });

  it("checks activity batches", () => {
    expect(
      checkNewActivityBatch({
        batchNumber: " B1 ",
        campaignId: "cmp_1",
        merchantId: "mer_1",
        productId: "prd_1",
      }),
    ).toEqual({
      batchNumber: "B1",
      campaignId: "cmp_1",
      merchantId: "mer_1",
      productId: "prd_1",
      remark: "",
    });
    expect(checkActivityBatchPatch({ remark: "r" })).toEqual({ remark: "r" });
    expect(issues(() => checkActivityBatchPatch({ batchNumber: "", remark: 5 }))).toEqual([
      ["batchNumber", "required"],
      ["remark", "type"],
    ]);
  });
});
