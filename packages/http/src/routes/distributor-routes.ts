import { checkApprovalInput, checkDistributorSettingsInput } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  commissionPageSchema,
  distributorApprovalSchema,
  distributorListQuery,
  distributorPageSchema,
  distributorParams,
  distributorSchema,
  distributorSettingsInputSchema,
  distributorSettingsSchema,
  distributorStatisticsSchema,
  plainPageQuery,
  rejectionSchema,
  withdrawalListQuery,
  withdrawalPageSchema,
  withdrawalParams,
  withdrawalSchema,
} from "../schemas/distributor-schemas.js";

const tags = ["promotions"];
const base = "/v1/promotions/distributors";

const getSettings = defineRoute({
  method: "GET",
  path: `${base}/settings`,
  operationId: "getDistributorSettings",
  summary: "The distribution settings (default commission rate)",
  description: 'Needs `promotions.read`. `defaultRate` is `"0"` until saved.',
  tags,
  auth: "staff",
  capability: "promotions.read",
  responses: { 200: { description: "The settings.", schema: distributorSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.distributors.settings(tenant) };
  },
});

const saveSettings = defineRoute({
  method: "PUT",
  path: `${base}/settings`,
  operationId: "saveDistributorSettings",
  summary: "Set the default commission rate",
  description: "Needs `promotions.manage`. Applies to orders placed from now on.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  body: distributorSettingsInputSchema,
  coreCheck: checkDistributorSettingsInput,
  responses: { 200: { description: "The saved settings.", schema: distributorSettingsSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 200, body: await onecode.distributors.saveSettings(tenant, body) };
  },
});

const listDistributors = defineRoute({
  method: "GET",
  path: base,
  operationId: "listDistributors",
  summary: "Distributors and applications, newest first",
  description: "Needs `promotions.read`; `status` filters (`pending` for applications to decide).",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: distributorListQuery,
  responses: { 200: { description: "One page of distributors.", schema: distributorPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { status, ...page } = query;
    return {
      status: 200,
      body: await onecode.distributors.list(tenant, status ? { status } : {}, page),
    };
  },
});

const getDistributor = defineRoute({
  method: "GET",
  path: `${base}/{distributorId}`,
  operationId: "getDistributor",
  summary: "One distributor with their balances",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: distributorParams,
  responses: { 200: { description: "The distributor.", schema: distributorSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.distributors.get(tenant, params.distributorId) };
  },
});

const approveDistributor = defineRoute({
  method: "POST",
  path: `${base}/{distributorId}/approve`,
  operationId: "approveDistributor",
  summary: "Approve an application, optionally with an own rate",
  description: "Needs `promotions.manage`. Audited.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: distributorParams,
  body: distributorApprovalSchema,
  coreCheck: checkApprovalInput,
  responses: { 200: { description: "The approved distributor.", schema: distributorSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.distributors.approve(tenant, params.distributorId, body),
    };
  },
});

const rejectDistributor = defineRoute({
  method: "POST",
  path: `${base}/{distributorId}/reject`,
  operationId: "rejectDistributor",
  summary: "Reject an application",
  description: "Needs `promotions.manage`. Audited; the customer may apply again.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: distributorParams,
  body: rejectionSchema,
  responses: { 200: { description: "The rejected application.", schema: distributorSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.distributors.reject(tenant, params.distributorId, body),
    };
  },
});

const distributorStatistics = defineRoute({
  method: "GET",
  path: `${base}/{distributorId}/statistics`,
  operationId: "getDistributorStatistics",
  summary: "A distributor's earned, pending, withdrawing, withdrawn and available commission",
  description: "Needs `promotions.read`. Minor units.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: distributorParams,
  responses: { 200: { description: "The statistics.", schema: distributorStatisticsSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.distributors.statistics(tenant, params.distributorId),
    };
  },
});

const listCommissions = defineRoute({
  method: "GET",
  path: `${base}/{distributorId}/commissions`,
  operationId: "listDistributorCommissions",
  summary: "A distributor's commissions, one per attributed order, newest first",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: distributorParams,
  query: plainPageQuery,
  responses: { 200: { description: "One page of commissions.", schema: commissionPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, params, query }) {
    return {
      status: 200,
      body: await onecode.distributors.commissions(tenant, params.distributorId, query),
    };
  },
});

const listWithdrawals = defineRoute({
  method: "GET",
  path: `${base}/withdrawals`,
  operationId: "listDistributorWithdrawals",
  summary: "Withdrawal requests, newest first",
  description: "Needs `promotions.read`; filter by distributor and status (`requested` to decide).",
  tags,
  auth: "staff",
  capability: "promotions.read",
  query: withdrawalListQuery,
  responses: { 200: { description: "One page of withdrawals.", schema: withdrawalPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    const { distributorId, status, ...page } = query;
    return {
      status: 200,
      body: await onecode.distributors.listWithdrawals(
        tenant,
        { ...(distributorId && { distributorId }), ...(status && { status }) },
        page,
      ),
    };
  },
});

const getWithdrawal = defineRoute({
  method: "GET",
  path: `${base}/withdrawals/{withdrawalId}`,
  operationId: "getDistributorWithdrawal",
  summary: "One withdrawal",
  description: "Needs `promotions.read`.",
  tags,
  auth: "staff",
  capability: "promotions.read",
  params: withdrawalParams,
  responses: { 200: { description: "The withdrawal.", schema: withdrawalSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.distributors.getWithdrawal(tenant, params.withdrawalId),
    };
  },
});

const approveWithdrawal = defineRoute({
  method: "POST",
  path: `${base}/withdrawals/{withdrawalId}/approve`,
  operationId: "approveDistributorWithdrawal",
  summary: "Approve a withdrawal: it is paid out by a transfer",
  description:
    "Needs `promotions.manage`. The transfer runs after the answer (outbox, idempotent by the withdrawal id); the withdrawal becomes `paid`, or `failed` with the amount available again.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: withdrawalParams,
  responses: { 200: { description: "The approved withdrawal.", schema: withdrawalSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return {
      status: 200,
      body: await onecode.distributors.approveWithdrawal(tenant, params.withdrawalId),
    };
  },
});

const rejectWithdrawal = defineRoute({
  method: "POST",
  path: `${base}/withdrawals/{withdrawalId}/reject`,
  operationId: "rejectDistributorWithdrawal",
  summary: "Reject a withdrawal: the amount is available again",
  description: "Needs `promotions.manage`. Audited.",
  tags,
  auth: "staff",
  capability: "promotions.manage",
  params: withdrawalParams,
  body: rejectionSchema,
  responses: { 200: { description: "The rejected withdrawal.", schema: withdrawalSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, body }) {
    return {
      status: 200,
      body: await onecode.distributors.rejectWithdrawal(tenant, params.withdrawalId, body),
    };
  },
});

/** The staff distribution routes (`/v1/promotions/distributors`). */
export const distributorRoutes: readonly Route[] = [
  getSettings,
  saveSettings,
  listDistributors,
  getDistributor,
  approveDistributor,
  rejectDistributor,
  distributorStatistics,
  listCommissions,
  listWithdrawals,
  getWithdrawal,
  approveWithdrawal,
  rejectWithdrawal,
];
