import type { OneCode } from "./create-one-code.js";
import type { TenantContext } from "./kernel/tenant.js";

/** The service groups of {@link OneCode}: every member but `ports`, `close` and `as`. */
export type OneCodeServices = Omit<OneCode, "ports" | "close" | "as">;

/** The methods of `S` that do not take a {@link TenantContext} first (e.g. the public scan). */
export type UnscopedMethods<S> = {
  [K in keyof S]: S[K] extends (first: infer First, ...rest: never[]) => unknown
    ? [First] extends [TenantContext]
      ? never
      : K
    : never;
}[keyof S];

/**
 * A service with its tenant context bound: each method of `S` whose first
 * parameter is a {@link TenantContext}, taking the remaining parameters.
 * Methods that take no context (run by the host, not for a tenant) are left
 * out; call them on the service itself.
 */
export type BoundService<S> = {
  readonly [K in keyof S as K extends UnscopedMethods<S>
    ? never
    : S[K] extends (...args: never[]) => unknown
      ? K
      : never]: S[K] extends (ctx: TenantContext, ...rest: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/**
 * Every service group of {@link OneCode} with one tenant context bound, as
 * returned by {@link OneCode.as}.
 */
export type BoundOneCode = {
  readonly [K in keyof OneCodeServices]: BoundService<OneCodeServices[K]>;
};

// The methods that take no context, per service. The type lists each one: a method added
// without a context must be named here, and a method named here must take none.
const UNSCOPED: {
  readonly [K in keyof OneCodeServices]: Record<UnscopedMethods<OneCodeServices[K]>, true>;
} = {
  merchants: {},
  products: {},
  skus: {},
  codeRules: {},
  codePackages: { resumeUnfinished: true },
  printOrders: {},
  traceBatches: {},
  production: {},
  seals: { anchorPending: true },
  distribution: {},
  scans: { scan: true },
  digitalLinks: {},
  codeLifecycle: {},
  statistics: {},
  freightTemplates: {},
  orders: {},
  orderSettings: {},
  shipments: {},
  afterSales: {},
  tenantSettings: {},
  timers: { register: true, runDue: true },
  outbox: { on: true, record: true, dispatch: true, purgeSettled: true },
  payments: { reconcilePending: true },
  audit: { record: true },
  notifications: {},
  promotions: {},
  activities: {},
  customers: {},
  memberLevels: {},
  points: {},
  memberTags: {},
  limitedDiscounts: {},
  distributors: {},
  coupons: {},
  flashSales: {},
  presales: {},
  prizes: {},
  campaigns: {},
  activityBatches: {},
  draws: {},
};

/** Binds `ctx` as the first argument of every tenant-scoped method of every service group. */
export function bindContext(services: OneCodeServices, ctx: TenantContext): BoundOneCode {
  const bound: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(UNSCOPED) as (keyof OneCodeServices)[]) {
    const service = services[name] as unknown as Record<string, unknown>;
    const unscoped: Record<string, true> = UNSCOPED[name];
    const view: Record<string, unknown> = {};
    for (const [key, method] of Object.entries(service)) {
      if (typeof method !== "function" || Object.hasOwn(unscoped, key)) continue;
      view[key] = (...args: unknown[]) => method.call(service, ctx, ...args);
    }
    bound[name] = Object.freeze(view);
  }
  return Object.freeze(bound) as unknown as BoundOneCode;
}
