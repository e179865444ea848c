import { defineRoute, type Route } from "../define-route.js";
import {
  blacklistSchema,
  customerIdParams,
  customerListQuery,
  customerPageSchema,
  customerRegistrationSchema,
  customerSchema,
  pointsAccountSchema,
  pointsAdjustmentSchema,
  pointsEntryPageSchema,
  pointsEntrySchema,
  pointsLedgerQuery,
} from "../schemas/member-schemas.js";

const tags = ["customers"];

const registerCustomer = defineRoute({
  method: "POST",
  path: "/v1/customers",
  operationId: "registerCustomer",
  summary: "Register a customer (idempotent)",
  description:
    "Needs `promotions.manage`. A new customer records `customer.registered` (sign-up coupon, referral reward); registering again answers the stored customer.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: customerRegistrationSchema,
  responses: { 200: { description: "The customer.", schema: customerSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.customers.register(tenant, body) };
  },
});

const listCustomers = defineRoute({
  method: "GET",
  path: "/v1/customers",
  operationId: "listCustomers",
  summary: "Customers with statistics, by ascending id",
  description: "Needs `promotions.read`. Filters: blacklisted, tag, level.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: customerListQuery,
  responses: { 200: { description: "One page of customers.", schema: customerPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { blacklisted, ...rest } = query;
    const page = await onecode.customers.list(tenant, {
      ...rest,
      ...(blacklisted !== undefined && { blacklisted: blacklisted === "true" }),
    });
    return { status: 200, body: page };
  },
});

const getCustomer = defineRoute({
  method: "GET",
  path: "/v1/customers/{customerId}",
  operationId: "getCustomer",
  summary: "One customer with statistics, points and level",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: customerIdParams,
  responses: { 200: { description: "The customer.", schema: customerSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.customers.get(tenant, params.customerId) };
  },
});

const blacklistCustomer = defineRoute({
  method: "POST",
  path: "/v1/customers/{customerId}/blacklist",
  operationId: "blacklistCustomer",
  summary: "Blacklist a customer: no login, no orders",
  description: "Needs `promotions.manage`; audited. Idempotent.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: customerIdParams,
  body: blacklistSchema,
  responses: { 200: { description: "The customer.", schema: customerSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, params, body }) {
    const customer = await onecode.customers.blacklist(tenant, params.customerId, body.reason);
    return { status: 200, body: customer };
  },
});

const unblacklistCustomer = defineRoute({
  method: "DELETE",
  path: "/v1/customers/{customerId}/blacklist",
  operationId: "unblacklistCustomer",
  summary: "Take a customer off the blacklist",
  description: "Needs `promotions.manage`; audited. Idempotent.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: customerIdParams,
  responses: { 200: { description: "The customer.", schema: customerSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.customers.unblacklist(tenant, params.customerId) };
  },
});

const getCustomerPoints = defineRoute({
  method: "GET",
  path: "/v1/customers/{customerId}/points",
  operationId: "getCustomerPoints",
  summary: "A customer's points balance",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: customerIdParams,
  responses: { 200: { description: "The balance.", schema: pointsAccountSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.points.account(tenant, params.customerId) };
  },
});

const listCustomerPointsLedger = defineRoute({
  method: "GET",
  path: "/v1/customers/{customerId}/points/ledger",
  operationId: "listCustomerPointsLedger",
  summary: "A customer's points ledger, newest first",
  description: "Needs `promotions.read`. Earn, redeem, refund, expire, adjust, check-in, referral.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: customerIdParams,
  query: pointsLedgerQuery,
  responses: { 200: { description: "One page of entries.", schema: pointsEntryPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, params, query }) {
    return { status: 200, body: await onecode.points.ledger(tenant, params.customerId, query) };
  },
});

const adjustCustomerPoints = defineRoute({
  method: "POST",
  path: "/v1/customers/{customerId}/points-adjustments",
  operationId: "adjustCustomerPoints",
  summary: "Add or take points by hand",
  description:
    "Needs `promotions.manage`; audited. A debit below zero answers `POINTS_INSUFFICIENT`.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: customerIdParams,
  body: pointsAdjustmentSchema,
  responses: { 201: { description: "The ledger entry.", schema: pointsEntrySchema } },
  errors: ["FORBIDDEN", "POINTS_INSUFFICIENT"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 201, body: await onecode.points.adjust(tenant, params.customerId, body) };
  },
});

/** Staff routes of customers, the blacklist and points accounts. */
export const customerRoutes: readonly Route[] = [
  registerCustomer,
  listCustomers,
  getCustomer,
  blacklistCustomer,
  unblacklistCustomer,
  getCustomerPoints,
  listCustomerPointsLedger,
  adjustCustomerPoints,
];
