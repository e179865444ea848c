import { checkApplicationInput, checkWithdrawalInput } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  distributorApplicationSchema,
  distributorSchema,
  myDistributorSchema,
  plainPageQuery,
  withdrawalPageSchema,
  withdrawalRequestSchema,
  withdrawalSchema,
} from "../schemas/distributor-schemas.js";

const tags = ["my-distributor"];

const applyAsDistributor = defineRoute({
  method: "POST",
  path: "/v1/my/distributor",
  operationId: "applyAsDistributor",
  summary: "Apply to become a distributor (分销员)",
  description:
    "The consumer's own application; a rejected applicant may apply again. Staff decide it.",
  tags,
  auth: "consumer",
  body: distributorApplicationSchema,
  coreCheck: checkApplicationInput,
  responses: { 201: { description: "The pending application.", schema: distributorSchema } },
  errors: ["FORBIDDEN", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.distributors.apply(tenant, body) };
  },
});

const getMyDistributor = defineRoute({
  method: "GET",
  path: "/v1/my/distributor",
  operationId: "getMyDistributor",
  summary: "The consumer's application status, code and commission statistics",
  tags,
  auth: "consumer",
  responses: {
    200: { description: "The distributor and statistics.", schema: myDistributorSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.distributors.mine(tenant) };
  },
});

const requestMyWithdrawal = defineRoute({
  method: "POST",
  path: "/v1/my/distributor/withdrawals",
  operationId: "requestMyWithdrawal",
  summary: "Withdraw available commission (提现)",
  description:
    "At least 100 minor units (1.00) and at most what is available; the amount is reserved at once. Staff approve (paid out by transfer) or reject it.",
  tags,
  auth: "consumer",
  body: withdrawalRequestSchema,
  coreCheck: checkWithdrawalInput,
  responses: { 201: { description: "The requested withdrawal.", schema: withdrawalSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION", "WITHDRAWAL_INSUFFICIENT_BALANCE"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.distributors.requestWithdrawal(tenant, body) };
  },
});

const listMyWithdrawals = defineRoute({
  method: "GET",
  path: "/v1/my/distributor/withdrawals",
  operationId: "listMyWithdrawals",
  summary: "The consumer's own withdrawals, newest first",
  tags,
  auth: "consumer",
  query: plainPageQuery,
  responses: { 200: { description: "One page of withdrawals.", schema: withdrawalPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.distributors.myWithdrawals(tenant, query) };
  },
});

/** The consumer's distribution routes (`/v1/my/distributor`). */
export const myDistributorRoutes: readonly Route[] = [
  applyAsDistributor,
  getMyDistributor,
  requestMyWithdrawal,
  listMyWithdrawals,
];
