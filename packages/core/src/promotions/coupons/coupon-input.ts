import { InputCheck } from "../../kernel/input-check.js";
import type { PromotionScope } from "../pricing/pricing-sources.js";
import type { CouponKind, CouponValue } from "./coupon.js";

/** Limits of coupon input. Amounts are integer minor units. */
export const COUPON_LIMITS = Object.freeze({
  nameMax: 60,
  /** 10,000,000.00 in minor units. */
  amountMax: 1_000_000_000,
  /** Codes of one normal coupon (generated or imported). */
  codesMax: 100_000,
  /** Characters of a merchant prefix. */
  prefixMax: 16,
  /** Characters of an imported or reusable code. */
  codeMin: 4,
  codeMax: 64,
  useLimitMax: 1_000_000_000,
  perCustomerLimitMax: 1_000,
  scopeProductsMax: 500,
  /** Customers of one distribution. */
  distributionMax: 1_000,
});

/** Prefixes and codes: letters, digits, `-` and `_`. */
export const COUPON_CODE_PATTERN = /^[A-Za-z0-9_-]+$/u;

/** A coupon's value as input: a fixed amount, or whole percent off with an optional cap. */
export type CouponValueInput =
  | { readonly kind: "fixed"; readonly amount: number }
  | { readonly kind: "percent"; readonly percentOff: number; readonly cap?: number | null };

/** The terms of a coupon that a draft may change. */
export interface CouponTermsInput {
  /** 1-60 characters, shown to buyers. */
  readonly name: string;
  readonly value: CouponValueInput;
  /** Minor units the scoped amount must reach; 0 or absent: no threshold. */
  readonly threshold?: number;
  /** ISO-8601 instants, `validFrom` before `validUntil`. */
  readonly validFrom: string;
  readonly validUntil: string;
  /** Absent: all products. */
  readonly scope?: PromotionScope;
  /** Claims per customer (normal) or uses per customer (reusable); default 1. */
  readonly perCustomerLimit?: number;
  /** Reusable only: uses in all, 1 to 1,000,000,000. */
  readonly useLimit?: number;
}

/** Input of `coupons.create`. */
export type CouponInput =
  | (CouponTermsInput & {
      readonly kind: "normal";
      /** The merchant prefix of generated codes, 1-16 letters, digits, `-`, `_`. */
      readonly codePrefix: string;
      /** Codes to generate (1-100,000); or give `codes` to import them. */
      readonly quantity?: number;
      /** Codes to import (each 4-64 letters, digits, `-`, `_`, unique); instead of `quantity`. */
      readonly codes?: readonly string[];
    })
  | (CouponTermsInput & {
      readonly kind: "reusable";
      /** The one custom code, 4-64 letters, digits, `-`, `_`. */
      readonly code: string;
      readonly useLimit: number;
    });

/** Checked terms. */
export interface CheckedCouponTerms {
  readonly name: string;
  readonly value: CouponValue;
  readonly threshold: number;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly scope: PromotionScope;
  readonly perCustomerLimit: number;
  readonly useLimit: number | null;
}

/** A checked `coupons.create` input. */
export interface CheckedCouponInput extends CheckedCouponTerms {
  readonly kind: CouponKind;
  readonly codePrefix: string | null;
  readonly code: string | null;
  /** Normal: codes to generate (0 when imported). */
  readonly quantity: number;
  /** Normal: imported codes (empty when generated). */
  readonly codes: readonly string[];
}

const KINDS: readonly CouponKind[] = ["normal", "reusable"];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/u;

function integerIn(check: InputCheck, field: string, value: unknown, min: number, max: number) {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    check.fail(field, "integer", `${field} must be an integer`);
    return min;
  }
  if (value < min || value > max) {
    check.fail(field, "range", `${field} must be between ${min} and ${max}`);
  }
  return value;
}

function instant(check: InputCheck, field: string, value: unknown): string {
  if (typeof value !== "string" || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    check.fail(field, "iso_instant", `${field} must be an ISO-8601 instant with a time zone`);
    return "";
  }
  return new Date(value).toISOString();
}

function checkValue(check: InputCheck, value: unknown): CouponValue {
  const input = (value ?? {}) as Record<string, unknown>;
  const kind = check.oneOf("value.kind", input.kind, ["fixed", "percent"] as const);
  if (kind === "fixed") {
    return {
      kind,
      amount: integerIn(check, "value.amount", input.amount, 1, COUPON_LIMITS.amountMax),
    };
  }
  const cap =
    input.cap === undefined || input.cap === null
      ? null
      : integerIn(check, "value.cap", input.cap, 1, COUPON_LIMITS.amountMax);
  return {
    kind,
    percentOff: integerIn(check, "value.percentOff", input.percentOff, 1, 99),
    cap,
  };
}

function checkScope(check: InputCheck, value: unknown): PromotionScope {
  if (value === undefined || value === null) return { kind: "all" };
  const input = value as Record<string, unknown>;
  const kind = check.oneOf("scope.kind", input.kind, ["all", "products"] as const);
  if (kind === "all") return { kind };
  const productIds = check.list(
    "scope.productIds",
    input.productIds,
    { min: 1, max: COUPON_LIMITS.scopeProductsMax },
    (field, id) => check.text(field, id, { max: 64 }),
  );
  return { kind, productIds: [...new Set(productIds)] };
}

function checkTermsInto(
  check: InputCheck,
  input: CouponTermsInput,
  kind: CouponKind,
): CheckedCouponTerms {
  const validFrom = instant(check, "validFrom", input.validFrom);
  const validUntil = instant(check, "validUntil", input.validUntil);
  if (validFrom && validUntil && validFrom >= validUntil) {
    check.fail("validUntil", "after_valid_from", "validUntil must be after validFrom");
  }
  const threshold =
    input.threshold === undefined
      ? 0
      : integerIn(check, "threshold", input.threshold, 0, COUPON_LIMITS.amountMax);
  const perCustomerLimit =
    input.perCustomerLimit === undefined
      ? 1
      : integerIn(
          check,
          "perCustomerLimit",
          input.perCustomerLimit,
          1,
          COUPON_LIMITS.perCustomerLimitMax,
        );
  let useLimit: number | null = null;
  if (kind === "reusable") {
    useLimit = integerIn(check, "useLimit", input.useLimit, 1, COUPON_LIMITS.useLimitMax);
  } else if (input.useLimit !== undefined) {
    check.fail("useLimit", "reusable_only", "useLimit is for reusable coupons only");
  }
  return {
    name: check.text("name", input.name, { max: COUPON_LIMITS.nameMax }),
    value: checkValue(check, input.value),
    threshold,
    validFrom,
    validUntil,
    scope: checkScope(check, input.scope),
    perCustomerLimit,
    useLimit,
  };
}

const codeRule = (max: number, min: number = COUPON_LIMITS.codeMin) => ({
  min,
  max,
  pattern: COUPON_CODE_PATTERN,
  patternRule: "code_characters",
  patternMessage: "must hold only letters, digits, '-' and '_'",
});

/** Checks `coupons.create` input; throws `VALIDATION_FAILED` naming every broken rule. */
export function checkCouponInput(input: CouponInput): CheckedCouponInput {
  const check = new InputCheck();
  const raw = (input ?? {}) as unknown as Record<string, unknown>;
  const kind = check.oneOf("kind", raw.kind, KINDS);
  const terms = checkTermsInto(check, raw as unknown as CouponTermsInput, kind);
  let codePrefix: string | null = null;
  let code: string | null = null;
  let quantity = 0;
  let codes: string[] = [];
  if (kind === "normal") {
    codePrefix = check.text("codePrefix", raw.codePrefix, codeRule(COUPON_LIMITS.prefixMax, 1));
    if (raw.codes !== undefined && raw.quantity !== undefined) {
      check.fail("codes", "one_of_quantity_or_codes", "give either quantity or codes, not both");
    } else if (raw.codes !== undefined) {
      codes = check.list("codes", raw.codes, { min: 1, max: COUPON_LIMITS.codesMax }, (f, v) =>
        check.text(f, v, codeRule(COUPON_LIMITS.codeMax)),
      );
      const seen = new Set<string>();
      codes.forEach((c, index) => {
        if (seen.has(c)) check.fail(`codes.${index}`, "unique", `codes.${index} repeats ${c}`);
        seen.add(c);
      });
    } else {
      quantity = integerIn(check, "quantity", raw.quantity, 1, COUPON_LIMITS.codesMax);
    }
  } else {
    code = check.text("code", raw.code, codeRule(COUPON_LIMITS.codeMax));
  }
  check.done();
  return { kind, ...terms, codePrefix, code, quantity, codes };
}

/** Checks the terms of a draft after a patch (the patch merged over the stored terms). */
export function checkCouponTerms(input: CouponTermsInput, kind: CouponKind): CheckedCouponTerms {
  const check = new InputCheck();
  const terms = checkTermsInto(check, input, kind);
  check.done();
  return terms;
}

/** One customer's share of `coupons.distribute`. */
export interface CouponDistributionInput {
  readonly customerId: string;
  /** 1-1,000 codes. */
  readonly quantity: number;
}

/** Checks a distribution: 1-1,000 distinct customers, each with 1-1,000 codes. */
export function checkDistribution(
  input: readonly CouponDistributionInput[],
): CouponDistributionInput[] {
  const check = new InputCheck();
  const seen = new Set<string>();
  const grants = check.list(
    "grants",
    input,
    { min: 1, max: COUPON_LIMITS.distributionMax },
    (field, value) => {
      const row = (value ?? {}) as Record<string, unknown>;
      const customerId = check.text(`${field}.customerId`, row.customerId, { max: 64 });
      if (customerId && seen.has(customerId)) {
        check.fail(`${field}.customerId`, "unique", `${field}.customerId is listed twice`);
      }
      seen.add(customerId);
      return {
        customerId,
        quantity: integerIn(check, `${field}.quantity`, row.quantity, 1, 1_000),
      };
    },
  );
  check.done();
  return grants;
}
