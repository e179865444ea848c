import { fieldChanges } from "../../../kernel/audit/audit-summary.js";
import { isoNow } from "../../../kernel/clock.js";
import { notFound, OneCodeError } from "../../../kernel/errors.js";
import { InputCheck } from "../../../kernel/input-check.js";
import { type Page, type PageRequest, paginate } from "../../../kernel/pagination.js";
import { requireCapability } from "../../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../../kernel/tenant.js";
import { TtlLookup } from "../../../kernel/ttl-lookup.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { customerLevel, levelRanges, levelsOf } from "../levels/member-levels.js";
import { requireOwnOrRead } from "../member-access.js";
import type { MemberCustomer, MemberLevel } from "../member-records.js";
import { memberSettingsOf } from "../member-settings.js";
import type { CustomerQuery } from "../ports.js";
import { changeCustomer, newCustomer } from "./customer-records.js";

/** A customer with the level their score reaches (顾客详情). */
export interface CustomerView extends MemberCustomer {
  readonly level: Pick<MemberLevel, "id" | "name" | "discount" | "icon"> | null;
}

/** What `customers.register` takes. */
export interface CustomerRegistration {
  /** The consumer account id. */
  readonly customerId: string;
  /** The customer who referred them (gets the tenant's referral reward), if any. */
  readonly referrerId?: string | null;
}

/** Filters of `customers.list` (all optional), with the page. */
export interface CustomerListQuery extends PageRequest {
  readonly blacklisted?: boolean;
  readonly tagId?: string;
  readonly levelId?: string;
}

/** The event `customers.register` records for a new customer. */
export const CUSTOMER_REGISTERED = "customer.registered";

const ID_RULE = { max: 100 } as const;

/**
 * Customers (`onecode.customers`, 顾客管理): registration, statistics kept
 * from orders (paid orders, total spend, last order), points balance and
 * level, and the blacklist. Reads need `promotions.read` (a consumer reads
 * their own record); the blacklist needs `promotions.manage`, audited.
 */
export interface CustomerService {
  /**
   * Registers the customer once (idempotent: a second call answers the
   * stored record and records nothing). A new customer's registration is
   * event `customer.registered` `{ customerId, referrerId }` (the sign-up
   * coupon and the referral reward hang on it). Staff with
   * `promotions.manage`, the system, or the consumer themselves.
   *
   * @throws `VALIDATION_FAILED` (`customerId`, `referrerId`: 1-100 characters, not the customer), `FORBIDDEN`.
   *
   * @example
   * ```ts
   * await onecode.customers.register(ctx, { customerId: "c-ann", referrerId: "c-bob" });
   * ```
   */
  register(ctx: TenantContext, input: CustomerRegistration): Promise<CustomerView>;
  /** One customer with statistics and level. @throws `NOT_FOUND`, `FORBIDDEN`. */
  get(ctx: TenantContext, customerId: string): Promise<CustomerView>;
  /** Customers by ascending id. @throws `VALIDATION_FAILED`, `FORBIDDEN`. */
  list(ctx: TenantContext, query?: CustomerListQuery): Promise<Page<CustomerView>>;
  /**
   * Blacklists the customer (they can no longer log in or order), audited
   * as `members.customer.blacklisted`. Idempotent.
   *
   * @throws `VALIDATION_FAILED` (`reason`: at most 200 characters), `FORBIDDEN`.
   */
  blacklist(ctx: TenantContext, customerId: string, reason?: string | null): Promise<CustomerView>;
  /** Takes the customer off the blacklist, audited as `members.customer.unblacklisted`. Idempotent. */
  unblacklist(ctx: TenantContext, customerId: string): Promise<CustomerView>;
  /**
   * The login check: throws `CUSTOMER_BLACKLISTED` for a blacklisted
   * customer; an unknown customer may log in. Any actor (the host's login
   * runs it with the consumer's or the system's context). It runs on every
   * consumer request, so each process remembers the answer for one
   * second: a blacklisting applies at once in the
   * process that made it and within that time in the others (orders check
   * the blacklist again in their own transaction).
   */
  assertMayLogIn(ctx: TenantContext, customerId: string): Promise<void>;
}

/** How long a process trusts a customer's login check (see `assertMayLogIn`). */
export const LOGIN_CHECK_TTL_MS = 1_000;
const MAX_REMEMBERED_LOGIN_CHECKS = 100_000;

/** Builds {@link CustomerService}. */
export function customerService(runtime: PromotionsRuntime): CustomerService {
  const { storage } = runtime.ports;
  const now = () => isoNow(runtime.ports.clock);
  // Whether each customer is blacklisted, as the login check last read it.
  const loginChecks = new TtlLookup(
    runtime.ports.clock,
    LOGIN_CHECK_TTL_MS,
    async (tenantId, customerId) =>
      (await storage.memberCustomers.get(tenantId, customerId))?.blacklisted === true,
    MAX_REMEMBERED_LOGIN_CHECKS,
  );

  const views = async (tenantId: string, customers: readonly MemberCustomer[]) => {
    const [levels, settings] = await Promise.all([
      levelsOf(storage, tenantId, now()),
      memberSettingsOf(storage, tenantId),
    ]);
    return customers.map((customer): CustomerView => {
      const level = customerLevel(customer, levels, settings);
      return {
        ...customer,
        level: level && {
          id: level.id,
          name: level.name,
          discount: level.discount,
          icon: level.icon,
        },
      };
    });
  };
  const viewOf = async (tenantId: string, customer: MemberCustomer) =>
    (await views(tenantId, [customer]))[0] as CustomerView;

  const setBlacklisted = async (
    ctx: TenantContext,
    customerId: string,
    blacklisted: boolean,
    reason: string | null,
  ) => {
    requireCapability(ctx, "promotions.manage");
    const at = now();
    const stored = await storage.transaction(async (tx) => {
      const { before, after } = await changeCustomer(tx, ctx.tenantId, customerId, at, (c) =>
        c.blacklisted === blacklisted && c.blacklistReason === reason
          ? null
          : { ...c, blacklisted, blacklistReason: reason },
      );
      if (!after) return before;
      await runtime.recordAudit(tx, ctx, {
        action: blacklisted ? "members.customer.blacklisted" : "members.customer.unblacklisted",
        target: { type: "customer", id: customerId },
        changes: fieldChanges({
          blacklisted: { before: before.blacklisted, after: blacklisted },
          ...(reason !== null && { blacklistReason: { after: reason } }),
        }),
      });
      return after;
    });
    loginChecks.invalidate(ctx.tenantId, customerId);
    return viewOf(ctx.tenantId, stored);
  };

  return {
    async register(ctx, input) {
      if (ctx.actor.kind === "consumer") {
        if (ctx.actor.id !== input?.customerId) throw notFound("customer", input?.customerId);
      } else {
        requireCapability(ctx, "promotions.manage");
      }
      const check = new InputCheck();
      const customerId = check.text("customerId", input?.customerId, ID_RULE);
      const referrerId = check.optionalText("referrerId", input?.referrerId, ID_RULE) || null;
      if (referrerId !== null && referrerId === customerId) {
        check.fail("referrerId", "not_self", "referrerId must name another customer");
      }
      check.done();
      const at = now();
      const stored = await storage.transaction(async (tx) => {
        const inserted = await tx.memberCustomers.insert(
          newCustomer(ctx.tenantId, customerId, referrerId, at),
        );
        if (inserted) {
          await runtime.recordEvents(tx, ctx, [
            {
              type: CUSTOMER_REGISTERED,
              aggregate: { type: "customer", id: customerId },
              payload: { customerId, referrerId },
            },
          ]);
        }
        return (await tx.memberCustomers.get(ctx.tenantId, customerId)) as MemberCustomer;
      });
      return viewOf(ctx.tenantId, stored);
    },
    async get(ctx, customerId) {
      requireOwnOrRead(ctx, customerId);
      const customer = await storage.memberCustomers.get(ctx.tenantId, customerId);
      if (!customer) throw notFound("customer", customerId);
      return viewOf(ctx.tenantId, customer);
    },
    async list(ctx, query = {}) {
      requireCapability(ctx, "promotions.read");
      const filter: CustomerQuery = {
        ...(query.blacklisted !== undefined && { blacklisted: query.blacklisted }),
        ...(query.tagId !== undefined && { tagIds: [query.tagId] }),
      };
      let scoped = filter;
      if (query.levelId !== undefined) {
        const levels = await levelsOf(storage, ctx.tenantId, now());
        const settings = await memberSettingsOf(storage, ctx.tenantId);
        scoped = {
          ...filter,
          scoreRanges: {
            field: settings.levelBasis === "points" ? "points_earned" : "experience",
            ranges: levelRanges(levels, [query.levelId]),
          },
        };
      }
      const page = await paginate(query, (page) =>
        storage.memberCustomers.list(ctx.tenantId, scoped, {
          afterId: page.beforeId,
          limit: page.limit,
        }),
      );
      return { items: await views(ctx.tenantId, page.items), nextCursor: page.nextCursor };
    },
    async blacklist(ctx, customerId, reason = null) {
      const check = new InputCheck();
      const why = check.optionalText("reason", reason, { max: 200 }) || null;
      check.done();
      return setBlacklisted(ctx, customerId, true, why);
    },
    async unblacklist(ctx, customerId) {
      return setBlacklisted(ctx, customerId, false, null);
    },
    async assertMayLogIn(ctx, customerId) {
      if (await loginChecks.get(ctx.tenantId, customerId)) throw blacklistedError(customerId);
    },
  };
}

/** `CUSTOMER_BLACKLISTED` for the customer. */
export function blacklistedError(customerId: string): OneCodeError<"CUSTOMER_BLACKLISTED"> {
  return new OneCodeError("CUSTOMER_BLACKLISTED", `customer ${customerId} is blacklisted`, {
    customerId,
  });
}
