import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const percent = z.union([z.string(), z.number()]).register(openApiRegistry, {
  description: 'A percentage 0-100 with at most two decimals, e.g. `"5"` or `"12.5"`.',
});
const minor = (description: string) => z.int().register(openApiRegistry, { description });

/** Distribution settings (core's `DistributorSettings`). */
export const distributorSettingsSchema = z
  .strictObject({
    tenantId: z.string(),
    defaultRate: z.string(),
    updatedAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "DistributorSettings",
    description: "The default commission percentage of the paid goods amount (分销设置).",
  });

/** Body of `PUT /v1/promotions/distributors/settings`. */
export const distributorSettingsInputSchema = z
  .strictObject({ defaultRate: percent })
  .register(openApiRegistry, { id: "DistributorSettingsInput" });

const statusSchema = z.enum(["pending", "approved", "rejected"]).register(openApiRegistry, {
  id: "DistributorStatus",
});

/** A distributor (core's `Distributor`). */
export const distributorSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    customerId: z.string(),
    code: z.string().register(openApiRegistry, {
      description: "What buyers pass as `pricingOptions.distributorCode`.",
    }),
    status: statusSchema,
    rate: z.string().nullable(),
    phone: z.string().nullable(),
    note: z.string().nullable(),
    earned: minor("Commission credited, less reversals."),
    withdrawing: minor("Withdrawals not paid yet."),
    withdrawn: minor("Withdrawals paid out."),
    appliedAt: timestampSchema,
    decidedAt: timestampSchema.nullable(),
    decidedBy: z.string().nullable(),
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "Distributor",
    description: "A distributor (分销员) and their balances (minor units).",
  });

/** One page of distributors. */
export const distributorPageSchema = pageSchema(distributorSchema, "DistributorPage");

/** A distributor's statistics (core's `DistributorStatistics`). */
export const distributorStatisticsSchema = z
  .strictObject({
    earned: z.int(),
    pending: minor("Estimated commission of attributed orders not completed yet."),
    withdrawing: z.int(),
    withdrawn: z.int(),
    available: minor("What can be withdrawn now."),
    orders: minor("Orders attributed."),
  })
  .register(openApiRegistry, { id: "DistributorStatistics" });

/** The consumer's own distributor view. */
export const myDistributorSchema = z
  .strictObject({ distributor: distributorSchema, statistics: distributorStatisticsSchema })
  .register(openApiRegistry, { id: "MyDistributor" });

/** A commission (core's `Commission`). */
export const commissionSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string().register(openApiRegistry, { description: "The order id." }),
    distributorId: z.string(),
    buyerId: z.string(),
    rate: z.string(),
    base: z.int(),
    status: z.enum(["attributed", "earned", "void"]),
    amount: z.int(),
    reversed: z.int(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "Commission", description: "Commission of one order." });

/** One page of commissions. */
export const commissionPageSchema = pageSchema(commissionSchema, "CommissionPage");

const withdrawalStatusSchema = z
  .enum(["requested", "approved", "rejected", "paid", "failed"])
  .register(openApiRegistry, { id: "WithdrawalStatus" });

/** A withdrawal (core's `Withdrawal`). */
export const withdrawalSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    distributorId: z.string(),
    customerId: z.string(),
    amount: z.int(),
    status: withdrawalStatusSchema,
    reason: z.string().nullable(),
    paymentId: z.string().nullable(),
    failureCode: z.string().nullable(),
    requestedAt: timestampSchema,
    decidedAt: timestampSchema.nullable(),
    decidedBy: z.string().nullable(),
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "Withdrawal", description: "A commission withdrawal (提现)." });

/** One page of withdrawals. */
export const withdrawalPageSchema = pageSchema(withdrawalSchema, "WithdrawalPage");

/** Body of an application. */
export const distributorApplicationSchema = z
  .strictObject({
    note: boundedText({ max: 200 }).nullable().optional(),
    phone: z.string().nullable().optional().register(openApiRegistry, {
      description: "Mainland mobile number for the paid-withdrawal SMS (`+86` allowed).",
    }),
  })
  .register(openApiRegistry, { id: "DistributorApplication" });

/** Body of an approval. */
export const distributorApprovalSchema = z
  .strictObject({ rate: percent.nullable().optional() })
  .register(openApiRegistry, {
    id: "DistributorApproval",
    description: "The distributor's own rate; absent for the tenant's default.",
  });

/** Body of a rejection. */
export const rejectionSchema = z
  .strictObject({ reason: boundedText({ max: 200 }).nullable().optional() })
  .register(openApiRegistry, { id: "DistributorRejection" });

/** Body of a withdrawal request. */
export const withdrawalRequestSchema = z
  .strictObject({ amount: minor("Minor units, at least 100 (1.00).") })
  .register(openApiRegistry, { id: "WithdrawalRequest" });

/** Query of the distributor list. */
export const distributorListQuery = z.strictObject({
  ...pageQueryShape,
  status: statusSchema.optional(),
});

/** Query of the withdrawal list. */
export const withdrawalListQuery = z.strictObject({
  ...pageQueryShape,
  distributorId: z.string().optional(),
  status: withdrawalStatusSchema.optional(),
});

/** Query of a plain page. */
export const plainPageQuery = z.strictObject({ ...pageQueryShape });

/** Path of one distributor. */
export const distributorParams = z.strictObject({
  distributorId: recordIdParam("The distributor's id (`dsr_…`)."),
});

/** Path of one withdrawal. */
export const withdrawalParams = z.strictObject({
  withdrawalId: recordIdParam("The withdrawal's id (`wdr_…`)."),
});
