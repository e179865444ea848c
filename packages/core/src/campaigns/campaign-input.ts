import { InputCheck } from "../kernel/input-check.js";
import { rawInput, wholeNumber } from "../promotions/flash-sales/sale-input-check.js";
import type { ActivityBatchInput, ActivityBatchPatch } from "./activity-batch.js";
import {
  type AccountLimit,
  type AccountLimitPeriod,
  CAMPAIGN_TEMPLATES,
  type CampaignTemplate,
  MAX_CAMPAIGN_SLOTS,
  WHEEL_SLOTS,
} from "./campaign.js";
import { type ParsedCdkText, parseCdkText } from "./cdk-import.js";
import { PRIZE_KINDS, type PrizeKind, type PrizePatch, type PrizePurchase } from "./prize.js";

/** Most units of one prize stock (and of one slot's allocation). */
export const MAX_PRIZE_STOCK = 10_000_000;
/** Largest cash red packet, in minor units (10,000.00 of the currency). */
export const MAX_CASH_AMOUNT = 1_000_000;
/** Most points one win may credit. */
export const MAX_PRIZE_POINTS = 100_000_000;
/** Largest per-account limit (`-1` means unlimited). */
export const MAX_ACCOUNT_LIMIT = 1_000_000;
/** The periods a per-account limit counts in. */
export const ACCOUNT_LIMIT_PERIODS: readonly AccountLimitPeriod[] = [
  "day",
  "week",
  "month",
  "year",
];

const ID_RULE = { max: 100 } as const;

/** A checked `prizes.create` input: kind-specific fields set, the others `null`. */
export interface CheckedPrize {
  readonly name: string;
  readonly description: string;
  readonly coverImage: string | null;
  readonly detailImage: string | null;
  readonly kind: PrizeKind;
  /** Units; for `cdk` the distinct keys of the file. */
  readonly totalStock: number;
  readonly redirectUrl: string | null;
  readonly cashAmount: number | null;
  readonly points: number | null;
  readonly couponId: string | null;
  readonly purchase: PrizePurchase | null;
  /** `cdk`: the keys read from `cdkText` (secrets), else `null`. */
  readonly cdk: ParsedCdkText | null;
}

/** An optional URL: absent or `null` is `null`. */
function optionalUrl(check: InputCheck, field: string, value: unknown): string | null {
  return value === undefined || value === null ? null : check.url(field, value);
}

/** Records that `field` does not belong to a prize of `kind`. */
function refuseField(check: InputCheck, raw: Record<string, unknown>, field: string, kind: string) {
  if (raw[field] !== undefined && raw[field] !== null) {
    check.fail(field, "not_allowed", `${field} is not allowed for a ${kind} prize`);
  }
}

function checkPurchase(check: InputCheck, value: unknown): PrizePurchase | null {
  if (value === undefined || value === null) return null;
  const raw = rawInput(value);
  return {
    unitCost: wholeNumber(check, "purchase.unitCost", raw.unitCost, 1, MAX_CASH_AMOUNT * 100),
    supplier: check.text("purchase.supplier", raw.supplier, { max: 100 }),
  };
}

/**
 * Checks `prizes.create` input, naming every broken rule: presentation
 * fields, and the fields of the kind (required) and of other kinds
 * (refused). A `cdk` prize's stock is the distinct keys of `cdkText`; the
 * others need `totalStock` 1-10,000,000. Whether a coupon exists and is
 * published is the service's check.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkNewPrize(input: unknown): CheckedPrize {
  const check = new InputCheck();
  const raw = rawInput(input);
  const name = check.text("name", raw.name, { max: 60 });
  const description = check.optionalText("description", raw.description, { max: 2000 });
  const coverImage = optionalUrl(check, "coverImage", raw.coverImage);
  const detailImage = optionalUrl(check, "detailImage", raw.detailImage);
  const redirectUrl = optionalUrl(check, "redirectUrl", raw.redirectUrl);
  const kind = check.oneOf("kind", raw.kind, PRIZE_KINDS);
  const kindKnown = PRIZE_KINDS.includes(raw.kind as PrizeKind);
  let totalStock = 0;
  let cdk: ParsedCdkText | null = null;
  if (kind === "cdk" && kindKnown) {
    refuseField(check, raw, "totalStock", kind);
    cdk = parseCdkText(check, raw.cdkText);
    totalStock = cdk.keys.length;
  } else {
    totalStock = wholeNumber(check, "totalStock", raw.totalStock, 1, MAX_PRIZE_STOCK);
    if (kindKnown) refuseField(check, raw, "cdkText", kind);
  }
  let cashAmount: number | null = null;
  let points: number | null = null;
  let couponId: string | null = null;
  if (kind === "cash_red_packet" && kindKnown) {
    cashAmount = wholeNumber(check, "cashAmount", raw.cashAmount, 1, MAX_CASH_AMOUNT);
    // A red packet's money is frozen as it is; it is never bought from a supplier.
    refuseField(check, raw, "purchase", kind);
  } else if (kindKnown) {
    refuseField(check, raw, "cashAmount", kind);
  }
  if (kind === "points" && kindKnown) {
    points = wholeNumber(check, "points", raw.points, 1, MAX_PRIZE_POINTS);
  } else if (kindKnown) {
    refuseField(check, raw, "points", kind);
  }
  if (kind === "coupon" && kindKnown) {
    couponId = check.text("couponId", raw.couponId, ID_RULE);
  } else if (kindKnown) {
    refuseField(check, raw, "couponId", kind);
  }
  const purchase = kind === "cash_red_packet" ? null : checkPurchase(check, raw.purchase);
  const unit = cashAmount ?? purchase?.unitCost ?? 0;
  if (unit > 0 && !Number.isSafeInteger(unit * totalStock)) {
    check.fail("totalStock", "funds_range", "totalStock × unit amount is too large to freeze");
  }
  check.done();
  return {
    name,
    description,
    coverImage,
    detailImage,
    kind,
    totalStock,
    redirectUrl,
    cashAmount,
    points,
    couponId,
    purchase,
    cdk,
  };
}

/**
 * Checks `prizes.update` input: only presentation fields, each as on
 * creation; `null` clears an image or the redirect link.
 *
 * @throws `VALIDATION_FAILED` (also `not_allowed` for fields that cannot change).
 */
export function checkPrizePatch(input: unknown): PrizePatch {
  const check = new InputCheck();
  const raw = rawInput(input);
  const patch: { -readonly [K in keyof PrizePatch]: PrizePatch[K] } = {};
  if (raw.name !== undefined) patch.name = check.text("name", raw.name, { max: 60 });
  if (raw.description !== undefined) {
    patch.description = check.optionalText("description", raw.description, { max: 2000 });
  }
  for (const field of ["coverImage", "detailImage", "redirectUrl"] as const) {
    if (raw[field] !== undefined) patch[field] = optionalUrl(check, field, raw[field]);
  }
  for (const field of Object.keys(raw)) {
    if (!["name", "description", "coverImage", "detailImage", "redirectUrl"].includes(field)) {
      if (raw[field] !== undefined) {
        check.fail(field, "not_allowed", `${field} cannot change after the prize is created`);
      }
    }
  }
  check.done();
  return patch;
}

/** A checked slot: the probability in basis points. */
export interface CheckedCampaignSlot {
  readonly prizeId: string;
  /** Basis points of one draw (1 = 0.01 %). */
  readonly probabilityBp: number;
  readonly allocation: number;
  readonly accountLimit: AccountLimit;
}

/** A checked `campaigns.create` input. */
export interface CheckedCampaign {
  readonly template: CampaignTemplate;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly rules: string;
  readonly topImage: string | null;
  readonly slots: readonly CheckedCampaignSlot[];
}

/** A checked `campaigns.update` input: only the fields given. */
export type CheckedCampaignPatch = Partial<Omit<CheckedCampaign, "template">>;

function instant(check: InputCheck, field: string, value: unknown): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    check.fail(field, "date_time", `${field} must be an ISO-8601 date-time`);
    return "";
  }
  return new Date(value).toISOString();
}

/** A percentage 0-100 with at most two decimals, as basis points. */
function probabilityBp(check: InputCheck, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100) {
    check.fail(field, "range", `${field} must be a percentage from 0 to 100`);
    return 0;
  }
  const bp = Math.round(value * 100);
  // Compare in basis points: 12.34 * 100 is 1233.9999999999998 in floating point.
  if (Math.abs(value * 100 - bp) > 1e-6) {
    check.fail(field, "decimals", `${field} may have at most two decimals`);
  }
  return bp;
}

function checkAccountLimit(check: InputCheck, field: string, value: unknown): AccountLimit {
  const raw = rawInput(value);
  if (typeof value !== "object" || value === null) {
    check.fail(field, "required", `${field} is required: { period, times }`);
    return { period: "day", times: -1 };
  }
  const period = check.oneOf(`${field}.period`, raw.period, ACCOUNT_LIMIT_PERIODS);
  const times = raw.times;
  if (
    times !== -1 &&
    (typeof times !== "number" ||
      !Number.isSafeInteger(times) ||
      times < 1 ||
      times > MAX_ACCOUNT_LIMIT)
  ) {
    check.fail(
      `${field}.times`,
      "range",
      `${field}.times must be -1 (unlimited) or a whole number from 1 to ${MAX_ACCOUNT_LIMIT}`,
    );
    return { period, times: -1 };
  }
  return { period, times: times as number };
}

function checkSlots(
  check: InputCheck,
  value: unknown,
  template: CampaignTemplate | null,
): CheckedCampaignSlot[] {
  const isWheel = template === "wheel";
  const slots = check.list(
    "slots",
    value,
    { min: isWheel ? WHEEL_SLOTS : 1, max: isWheel ? WHEEL_SLOTS : MAX_CAMPAIGN_SLOTS },
    (field, entry) => {
      const raw = rawInput(entry);
      return {
        prizeId: check.text(`${field}.prizeId`, raw.prizeId, ID_RULE),
        probabilityBp: probabilityBp(check, `${field}.probability`, raw.probability),
        allocation: wholeNumber(check, `${field}.allocation`, raw.allocation, 0, MAX_PRIZE_STOCK),
        accountLimit: checkAccountLimit(check, `${field}.accountLimit`, raw.accountLimit),
      };
    },
  );
  if (isWheel && Array.isArray(value) && value.length !== WHEEL_SLOTS) {
    // `list` reports too few or too many; name the wheel's own rule too.
    check.fail("slots", "wheel_slots", `a wheel has exactly ${WHEEL_SLOTS} slots`);
  }
  const sum = slots.reduce((total, slot) => total + slot.probabilityBp, 0);
  if (sum > 10_000) {
    check.fail(
      "slots",
      "probability_sum",
      `the slots' probabilities must sum to at most 100 % (they sum to ${sum / 100} %)`,
    );
  }
  return slots;
}

/**
 * Checks the window of a campaign (`startsAt` before `endsAt`), recording
 * `after_starts_at` on `endsAt`. For patches the service runs it on the
 * merged window.
 */
export function checkCampaignWindow(check: InputCheck, startsAt: string, endsAt: string): void {
  if (startsAt && endsAt && endsAt <= startsAt) {
    check.fail("endsAt", "after_starts_at", "endsAt must be later than startsAt");
  }
}

/**
 * Checks `campaigns.create` input, naming every broken rule: a wheel has
 * exactly 6 slots, scratch cards and lucky draws 1-12; each probability
 * 0-100 % with two decimals at most, all of them summing to at most 100 %;
 * allocations 0-10,000,000; limits per day, week, month or year (`-1`:
 * unlimited). Prizes and their stock are the service's checks.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkNewCampaign(input: unknown): CheckedCampaign {
  const check = new InputCheck();
  const raw = rawInput(input);
  const template = check.oneOf("template", raw.template, CAMPAIGN_TEMPLATES);
  const known = CAMPAIGN_TEMPLATES.includes(raw.template as CampaignTemplate);
  const title = check.text("title", raw.title, { max: 60 });
  const startsAt = instant(check, "startsAt", raw.startsAt);
  const endsAt = instant(check, "endsAt", raw.endsAt);
  checkCampaignWindow(check, startsAt, endsAt);
  const rules = check.optionalText("rules", raw.rules, { max: 5000 });
  const topImage = optionalUrl(check, "topImage", raw.topImage);
  const slots = checkSlots(check, raw.slots, known ? template : null);
  check.done();
  return { template, title, startsAt, endsAt, rules, topImage, slots };
}

/**
 * Checks `campaigns.update` input: the fields given, as on creation. The
 * slot count of a wheel and the merged window are checked by the service,
 * which knows the campaign (pass `template` to check the count here).
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkCampaignPatch(
  input: unknown,
  template: CampaignTemplate | null = null,
): CheckedCampaignPatch {
  const check = new InputCheck();
  const raw = rawInput(input);
  const patch: { -readonly [K in keyof CheckedCampaignPatch]: CheckedCampaignPatch[K] } = {};
  if (raw.template !== undefined) {
    check.fail("template", "not_allowed", "template cannot change after the campaign is created");
  }
  if (raw.title !== undefined) patch.title = check.text("title", raw.title, { max: 60 });
  if (raw.startsAt !== undefined) patch.startsAt = instant(check, "startsAt", raw.startsAt);
  if (raw.endsAt !== undefined) patch.endsAt = instant(check, "endsAt", raw.endsAt);
  if (patch.startsAt && patch.endsAt) checkCampaignWindow(check, patch.startsAt, patch.endsAt);
  if (raw.rules !== undefined) {
    patch.rules = check.optionalText("rules", raw.rules, { max: 5000 });
  }
  if (raw.topImage !== undefined) patch.topImage = optionalUrl(check, "topImage", raw.topImage);
  if (raw.slots !== undefined) patch.slots = checkSlots(check, raw.slots, template);
  check.done();
  return patch;
}

const BATCH_NUMBER_RULE = { max: 50 } as const;
const REMARK_RULE = { max: 500 } as const;

/** A checked activity batch input (remark `""` when absent). */
export interface CheckedActivityBatch extends ActivityBatchInput {
  readonly remark: string;
}

/**
 * Checks `activityBatches.create` input: batch number 1-50 characters,
 * campaign, merchant and product ids, remark up to 500.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkNewActivityBatch(input: unknown): CheckedActivityBatch {
  const check = new InputCheck();
  const raw = rawInput(input);
  const checked = {
    batchNumber: check.text("batchNumber", raw.batchNumber, BATCH_NUMBER_RULE),
    campaignId: check.text("campaignId", raw.campaignId, ID_RULE),
    merchantId: check.text("merchantId", raw.merchantId, ID_RULE),
    productId: check.text("productId", raw.productId, ID_RULE),
    remark: check.optionalText("remark", raw.remark, REMARK_RULE),
  };
  check.done();
  return checked;
}

/**
 * Checks `activityBatches.update` input: the fields given, as on creation.
 *
 * @throws `VALIDATION_FAILED`.
 */
export function checkActivityBatchPatch(input: unknown): ActivityBatchPatch {
  const check = new InputCheck();
  const raw = rawInput(input);
  const patch: { -readonly [K in keyof ActivityBatchPatch]: ActivityBatchPatch[K] } = {};
  if (raw.batchNumber !== undefined) {
    patch.batchNumber = check.text("batchNumber", raw.batchNumber, BATCH_NUMBER_RULE);
  }
  for (const field of ["campaignId", "merchantId", "productId"] as const) {
    if (raw[field] !== undefined) patch[field] = check.text(field, raw[field], ID_RULE);
  }
  if (raw.remark !== undefined)
    patch.remark = check.optionalText("remark", raw.remark, REMARK_RULE);
  check.done();
  return patch;
}
