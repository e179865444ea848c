import { describe, expect, it } from "vitest";
import * as adapterKit from "./adapter-kit.js";
import * as main from "./index.js";
import * as inputRules from "./input-rules.js";

describe("the entries of @onecode/core", () => {
  it("keeps the main entry to the public API: the factory, errors, built-in adapters, clocks, tenant calendars, capability checks, ids, money, shipping prices, order states and pricing, and GS1 helpers hosts call", () => {
    expect(Object.keys(main).sort()).toEqual(
      [
        "AFTER_SALE_KINDS",
        "AFTER_SALE_STATES",
        "CALENDAR_PERIOD_KINDS",
        "DEFAULT_ORDER_SETTINGS",
        "DEFAULT_TENANT_SETTINGS",
        "LOGISTICS_STATES",
        "ORDER_ACTIONS",
        "ORDER_CSV_COLUMNS",
        "ORDER_DELIVERY_METHODS",
        "ORDER_INPUT_LIMITS",
        "ORDER_SETTINGS_LIMITS",
        "ORDER_STATES",
        "ORDER_VIEWS",
        "DEFAULT_QUIET_HOURS",
        "NOTIFICATION_TEMPLATES",
        "isInQuietHours",
        "DEFAULT_CURRENCY",
        "ERROR_CODES",
        "ManualClock",
        "DEFAULT_GATE_RECEIPT_TTL_MS",
        "MAX_GATE_STEPS",
        "OneCodeError",
        "PAYMENT_EVENT_TYPES",
        "ROUNDING_MODES",
        "SYSTEM_ACTOR",
        "UNKNOWN_CLIENT_ADDRESS",
        "addMoney",
        "allocateMoney",
        "applyRate",
        "buildDigitalLink",
        "calendarPeriodAt",
        "canonicalGs1Uri",
        "canonicalJson",
        "checkRoundingMode",
        "createOneCode",
        "cryptoRandom",
        "digitalLinkSerial",
        "epcisEventHash",
        "epcisPreHash",
        "exchangeRatio",
        "factorRate",
        "failoverHotState",
        "formatErrorForLog",
        "freightFor",
        "holdsCapability",
        "isInDailyWindow",
        "isOneCodeError",
        "isValidSocialCreditCode",
        "listFilterAdmits",
        "listFilterFor",
        "listPricing",
        "localKeyVault",
        "localLedgerAnchor",
        "memoryHotState",
        "memoryStorage",
        "money",
        "moneyToUnits",
        "multiplyMoney",
        "orderAllows",
        "parseDigitalLink",
        "percentRate",
        "periodTakeStep",
        "recordingCourier",
        "recordingNotifier",
        "recordingPaymentGateway",
        "reduceMoney",
        "requireCapability",
        "roundMinorUnits",
        "seededRandom",
        "socialCreditCheckCharacter",
        "sortableIds",
        "staticGeo",
        "subtractMoney",
        "sumMoney",
        "systemClock",
        "tenantContext",
        "unitsToMoney",
        "zheRate",
        "promotionPricing",
        "runPricingPipeline",
        "ACTIVITY_KINDS",
        "ACTIVITY_STATES",
        "COUPON_GIFT_DUE_EVENT",
        "DEFAULT_MEMBER_SETTINGS",
        "POINTS_ENTRY_KINDS",
        "DEFAULT_DISTRIBUTOR_RATE",
        "WITHDRAWAL_APPROVED_EVENT",
        "commissionOn",
        "discountedUnitPrice",
      ].sort(),
    );
  });

  it("exports each runtime name from one entry only, so an import has one right place", () => {
    const names = [main, inputRules, adapterKit].flatMap((entry) => Object.keys(entry));
    expect(names.length).toBe(new Set(names).size);
  });

  it("keeps internals such as cache keys and hot-state argument checks out of the main entry", () => {
    for (const name of [
      "batchCacheKey",
      "checkKey",
      "csvField",
      "randomBelow",
      "tokenBucketStep",
    ]) {
      expect(main).not.toHaveProperty(name);
    }
    expect(adapterKit).toHaveProperty("checkKey");
    expect(adapterKit).toHaveProperty("batchCacheKey");
    expect(inputRules).toHaveProperty("checkNewTraceBatch");
  });
});
