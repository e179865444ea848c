import { z } from "zod";
import { defineRoute, type Route } from "../define-route.js";
import {
  checkInResultSchema,
  customerSchema,
  pointsEntryPageSchema,
  pointsLedgerQuery,
} from "../schemas/member-schemas.js";
import { openApiRegistry } from "../schemas/openapi-registry.js";

const tags = ["my-membership"];

const myPointsSchema = z
  .strictObject({
    customerId: z.string(),
    balance: z.int(),
    earned: z.int(),
    ledger: pointsEntryPageSchema,
  })
  .register(openApiRegistry, {
    id: "MyPoints",
    description: "The buyer's points balance and one page of their ledger.",
  });

const getMyPoints = defineRoute({
  method: "GET",
  path: "/v1/my/points",
  operationId: "getMyPoints",
  summary: "The buyer's points balance and ledger",
  tags,
  auth: "consumer",
  query: pointsLedgerQuery,
  responses: { 200: { description: "Balance and ledger page.", schema: myPointsSchema } },
  errors: [],
  async handler({ onecode, tenant, query }) {
    const me = tenant.actor.id;
    const account = await onecode.points.account(tenant, me);
    const ledger = await onecode.points.ledger(tenant, me, query);
    return { status: 200, body: { ...account, ledger } };
  },
});

const checkInMe = defineRoute({
  method: "POST",
  path: "/v1/my/check-ins",
  operationId: "checkInMe",
  summary: "Check in for today (签到)",
  description:
    "Once per local day of the tenant's calendar; the daily points, plus the bonus on the 7th, 15th and 30th consecutive day.",
  tags,
  auth: "consumer",
  responses: { 201: { description: "Today's check-in.", schema: checkInResultSchema } },
  errors: ["POINTS_ALREADY_CHECKED_IN", "CUSTOMER_BLACKLISTED"],
  async handler({ onecode, tenant }) {
    return { status: 201, body: await onecode.points.checkIn(tenant, tenant.actor.id) };
  },
});

const getMyMembership = defineRoute({
  method: "GET",
  path: "/v1/my/membership",
  operationId: "getMyMembership",
  summary: "The buyer's membership: level, points, statistics",
  description: "Registers the buyer on first call (idempotent), so a new account answers too.",
  tags,
  auth: "consumer",
  responses: { 200: { description: "The buyer's customer record.", schema: customerSchema } },
  errors: [],
  async handler({ onecode, tenant }) {
    const me = tenant.actor.id;
    return { status: 200, body: await onecode.customers.register(tenant, { customerId: me }) };
  },
});

/** Consumer routes of the buyer's own membership, points and check-ins. */
export const myMemberRoutes: readonly Route[] = [getMyPoints, checkInMe, getMyMembership];
