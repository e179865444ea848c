import { InputCheck } from "../../kernel/input-check.js";
import { factorRate } from "../../kernel/rates.js";
import type { StorageRepositories } from "../../ports/storage.js";
import { DEFAULT_MEMBER_SETTINGS, type MemberSettings } from "./member-records.js";

/** What `points.updateSettings` takes: the fields to change. */
export type MemberSettingsInput = Partial<Omit<MemberSettings, "tenantId" | "updatedAt">>;

/** The tenant's member settings, the defaults where it saved none. */
export async function memberSettingsOf(
  storage: Pick<StorageRepositories, "memberSettings">,
  tenantId: string,
): Promise<MemberSettings> {
  return (await storage.memberSettings.get(tenantId)) ?? { ...DEFAULT_MEMBER_SETTINGS, tenantId };
}

const decimal = (check: InputCheck, field: string, value: unknown): string => {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") {
    check.fail(field, "decimal", `${field} must be a decimal string such as "1.5"`);
    return "0";
  }
  return check.include(() => {
    factorRate(text, field);
    return text.trim();
  }, "0");
};

const count = (check: InputCheck, field: string, value: unknown, max = 1_000_000_000): number => {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > max) {
    check.fail(field, "range", `${field} must be an integer from 0 to ${max}`);
    return 0;
  }
  return value as number;
};

/**
 * Checks a settings change against the current settings; throws
 * `VALIDATION_FAILED` naming every broken field, changing nothing.
 */
export function checkMemberSettings(
  current: MemberSettings,
  input: MemberSettingsInput,
): Omit<MemberSettings, "updatedAt"> {
  const check = new InputCheck();
  const next = { ...current, ...input };
  const levelBasis = check.oneOf("levelBasis", next.levelBasis, ["experience", "points"] as const);
  const experiencePerYuan = decimal(check, "experiencePerYuan", next.experiencePerYuan);
  const earnCoefficient = decimal(check, "earnCoefficient", next.earnCoefficient);
  const skuCoefficients: Record<string, string> = {};
  if (typeof next.skuCoefficients !== "object" || next.skuCoefficients === null) {
    check.fail("skuCoefficients", "type", "skuCoefficients must map SKU ids to decimals");
  } else {
    const entries = Object.entries(next.skuCoefficients);
    if (entries.length > 10_000) {
      check.fail("skuCoefficients", "max_items", "skuCoefficients must list at most 10000 SKUs");
    }
    for (const [skuId, value] of entries.slice(0, 10_000)) {
      skuCoefficients[skuId] = decimal(check, `skuCoefficients.${skuId}`, value);
    }
  }
  let redeem: MemberSettings["redeem"] = null;
  if (next.redeem !== null && next.redeem !== undefined) {
    const points = count(check, "redeem.points", next.redeem.points);
    const amount = count(check, "redeem.amount", next.redeem.amount);
    if (points === 0) check.fail("redeem.points", "positive", "redeem.points must be positive");
    if (amount === 0) check.fail("redeem.amount", "positive", "redeem.amount must be positive");
    redeem = { points, amount };
  }
  const bonuses = next.checkInBonuses ?? { day7: 0, day15: 0, day30: 0 };
  const settings = {
    tenantId: current.tenantId,
    levelBasis,
    experiencePerYuan,
    pointsEnabled: next.pointsEnabled === true,
    earnCoefficient,
    skuCoefficients,
    redeem,
    redeemCapPercent: count(check, "redeemCapPercent", next.redeemCapPercent, 100),
    checkInDaily: count(check, "checkInDaily", next.checkInDaily),
    checkInBonuses: {
      day7: count(check, "checkInBonuses.day7", bonuses.day7),
      day15: count(check, "checkInBonuses.day15", bonuses.day15),
      day30: count(check, "checkInBonuses.day30", bonuses.day30),
    },
    referralReward: count(check, "referralReward", next.referralReward),
    expiryEnabled: next.expiryEnabled !== false,
  };
  if (typeof next.pointsEnabled !== "boolean") {
    check.fail("pointsEnabled", "type", "pointsEnabled must be true or false");
  }
  check.done();
  return settings;
}

/**
 * Checks a settings change on its own (over the defaults): the rules of
 * each field given, as `points.updateSettings` runs them against the
 * stored settings.
 */
export function checkMemberSettingsPatch(input: MemberSettingsInput): void {
  checkMemberSettings({ ...DEFAULT_MEMBER_SETTINGS, tenantId: "" }, input ?? {});
}
