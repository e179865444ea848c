import type { Merchant, Page, Product } from "@onecode/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import {
  createOpenApiDocument,
  merchantPatchSchema,
  merchantSchema,
  newMerchantSchema,
  newProductSchema,
  type OpenApiDocument,
  productPatchSchema,
  productSchema,
} from "../src/index.js";
import type { merchantPageSchema } from "../src/schemas/merchant-schemas.js";
import type { productPageSchema } from "../src/schemas/product-schemas.js";
import { collectRefs, conforms, resolvePointer } from "./support/json-schema-check.js";
import { createTestApp, merchantInput, type TestApp } from "./support/test-app.js";

type Operation = {
  operationId: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: Record<string, unknown> }> }
  >;
};

async function servedDocument(app: TestApp): Promise<OpenApiDocument> {
  const reply = await app.call("GET", "/openapi.json", { token: null });
  expect(reply.status).toBe(200);
  return reply.json;
}

function operations(document: OpenApiDocument): [string, string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(
      ([method, op]) => [path, method, op as unknown as Operation] as [string, string, Operation],
    ),
  );
}

function component(document: OpenApiDocument, id: string) {
  const schema = document.components.schemas[id];
  if (!schema) throw new Error(`missing component ${id}`);
  return schema;
}

const clef = "𝄞";
const validMerchant = merchantInput();
const merchantBodies: unknown[] = [
  validMerchant,
  { ...validMerchant, remark: "" },
  { ...validMerchant, name: clef.repeat(100) },
  { ...validMerchant, name: clef.repeat(101) },
  { ...validMerchant, name: "" },
  { ...validMerchant, name: 5 },
  { ...validMerchant, remark: null },
  { ...validMerchant, codeSource: "other" },
  { ...validMerchant, urlPrefixes: [] },
  {
    ...validMerchant,
    urlPrefixes: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}/`),
  },
  { ...validMerchant, urlPrefixes: [3] },
  { ...validMerchant, extra: true },
  { name: "A", codeSource: "platform" },
  [],
  "text",
  null,
  {},
];
const merchantPatches: unknown[] = [
  {},
  { name: "New" },
  { codeSource: "platform" },
  { codeSource: "nope" },
  { urlPrefixes: [] },
  { remark: clef.repeat(500) },
  { remark: clef.repeat(501) },
  { id: "mch_x" },
  { name: null },
];

describe("OpenAPI document", () => {
  it("has a valid OpenAPI 3.1 top-level structure", async () => {
    const document = await servedDocument(createTestApp());
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.servers).toEqual([{ url: "/" }]);
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
      consumerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    const tagNames = document.tags.map((tag) => tag.name);
    const ids = new Set<string>();
    for (const [path, method, op] of operations(document)) {
      expect(path.startsWith("/"), path).toBe(true);
      expect(["get", "post", "patch", "delete", "put"]).toContain(method);
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      for (const tag of op.tags) expect(tagNames).toContain(tag);
      for (const requirement of op.security) {
        for (const scheme of Object.keys(requirement)) {
          expect(document.components.securitySchemes).toHaveProperty(scheme);
        }
      }
      const templateParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === "path");
      expect(pathParams.map((p) => p.name)).toEqual(templateParams);
      for (const p of pathParams) expect(p.required).toBe(true);
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status).toMatch(/^[1-5]\d\d$/);
        expect(response.description).toEqual(expect.any(String));
      }
    }
  });

  it("lists every route with its methods, security and problem responses", async () => {
    const document = await servedDocument(createTestApp());
    const methods = Object.fromEntries(
      Object.entries(document.paths).map(([path, item]) => [path, Object.keys(item).sort()]),
    );
    expect(methods).toEqual({
      "/v1/merchants": ["get", "post"],
      "/v1/merchants/{merchantId}": ["delete", "get", "patch"],
      "/v1/products": ["get", "post"],
      "/v1/products/{productId}": ["delete", "get", "patch"],
      "/v1/products/{productId}/skus": ["get", "put"],
      "/v1/products/{productId}/stock-policy": ["put"],
      "/v1/skus/{skuId}": ["get", "patch"],
      "/v1/skus/{skuId}/stock": ["put"],
      "/v1/code-rules": ["get", "post"],
      "/v1/code-rules/{ruleId}": ["delete", "get", "patch"],
      "/v1/code-packages": ["get", "post"],
      "/v1/code-packages/uploads": ["post"],
      "/v1/code-packages/{packageId}": ["get"],
      "/v1/code-packages/{packageId}/retry": ["post"],
      "/v1/code-packages/{packageId}/events": ["get"],
      "/v1/code-packages/{packageId}/codes": ["get"],
      "/v1/code-packages/{packageId}/codes.csv": ["get"],
      "/v1/code-packages/{packageId}/codes.zip": ["get"],
      "/v1/code-packages/{packageId}/images.zip": ["get"],
      "/v1/code-packages/{packageId}/codes/{serial}.png": ["get"],
      "/v1/code-packages/{packageId}/codes/{serial}.svg": ["get"],
      "/v1/code-packages/{packageId}/sample.png": ["get"],
      "/v1/code-packages/{packageId}/sample.svg": ["get"],
      "/v1/print-orders/quote": ["post"],
      "/v1/print-orders": ["get", "post"],
      "/v1/print-orders/{orderId}": ["get"],
      "/v1/print-orders/{orderId}/transitions": ["post"],
      "/v1/trace-batches": ["get", "post"],
      "/v1/trace-batches/{batchId}": ["delete", "get", "patch"],
      "/v1/trace-batches/{batchId}/status": ["post"],
      "/v1/trace-batches/{batchId}/packages": ["get", "post"],
      "/v1/trace-batches/{batchId}/packages/{packageId}": ["delete"],
      "/v1/trace-batches/{batchId}/seal": ["post"],
      "/v1/trace-batches/{batchId}/seal/verification": ["get"],
      "/v1/trace-batches/{batchId}/epcis.jsonld": ["get"],
      "/v1/production-lines": ["get", "post"],
      "/v1/freight-templates": ["get", "post"],
      "/v1/freight-templates/{templateId}": ["delete", "get", "put"],
      "/v1/freight-templates/{templateId}/quote": ["post"],
      "/v1/order-settings": ["get", "patch"],
      "/v1/orders": ["get", "post"],
      "/v1/orders/counts": ["get"],
      "/v1/orders/export.csv": ["get"],
      "/v1/orders/statistics": ["get"],
      "/v1/orders/{orderId}": ["get"],
      "/v1/orders/{orderId}/payments": ["post"],
      "/v1/orders/{orderId}/cancel": ["post"],
      "/v1/orders/{orderId}/price": ["post"],
      "/v1/orders/{orderId}/cancellation-request/reject": ["post"],
      "/v1/orders/{orderId}/close": ["post"],
      "/v1/orders/{orderId}/refunds": ["post"],
      "/v1/orders/{orderId}/refunds/{refundId}/retry": ["post"],
      "/v1/my/orders": ["get", "post"],
      "/v1/my/orders/{orderId}": ["get"],
      "/v1/my/orders/{orderId}/payments": ["post"],
      "/v1/my/orders/{orderId}/cancel": ["post"],
      "/v1/my/orders/{orderId}/cancellation-request": ["post"],
      "/v1/orders/bulk-shipments": ["post"],
      "/v1/orders/{orderId}/shipments": ["post"],
      "/v1/orders/{orderId}/waybills": ["post"],
      "/v1/orders/{orderId}/tracking-refresh": ["post"],
      "/v1/order-verifications": ["post"],
      "/v1/my/orders/{orderId}/confirm-receipt": ["post"],
      "/v1/after-sales": ["get"],
      "/v1/after-sales/{afterSaleId}": ["get"],
      "/v1/after-sales/{afterSaleId}/approve": ["post"],
      "/v1/after-sales/{afterSaleId}/reject": ["post"],
      "/v1/after-sales/{afterSaleId}/confirm-return": ["post"],
      "/v1/after-sales/{afterSaleId}/reship": ["post"],
      "/v1/my/orders/{orderId}/after-sales": ["post"],
      "/v1/my/after-sales": ["get"],
      "/v1/my/after-sales/{afterSaleId}": ["get"],
      "/v1/my/after-sales/{afterSaleId}/withdraw": ["post"],
      "/v1/my/after-sales/{afterSaleId}/ship-back": ["post"],
      "/v1/production-lines/{lineId}": ["delete", "get", "patch"],
      "/v1/production-tasks": ["get", "post"],
      "/v1/production-tasks/{taskId}": ["delete", "get", "patch"],
      "/v1/production-tasks/{taskId}/status": ["post"],
      "/v1/production-tasks/{taskId}/seal": ["post"],
      "/v1/ledger/entries": ["get"],
      "/v1/ledger/verification": ["get"],
      "/v1/enterprises": ["get", "post"],
      "/v1/enterprises/{enterpriseId}": ["delete", "get", "patch"],
      "/v1/enterprises/{enterpriseId}/siblings": ["post"],
      "/v1/enterprises/{enterpriseId}/move": ["post"],
      "/v1/staff": ["get", "post"],
      "/v1/staff/{staffId}": ["delete", "get", "patch"],
      "/v1/stock-documents": ["get", "post"],
      "/v1/stock-documents/{documentId}": ["get"],
      "/v1/stock-documents/{documentId}/close": ["post"],
      "/v1/stock-documents/{documentId}/scans": ["post"],
      "/v1/stock-documents/{documentId}/items": ["get"],
      "/v1/codes/{code}/digital-link": ["get"],
      "/v1/codes/{code}/location": ["get"],
      "/v1/codes/{code}/scans": ["get"],
      "/v1/diversion-alerts": ["get"],
      "/v1/scan-alert-settings": ["get", "patch"],
      "/v1/scan-count-alerts": ["get"],
      "/v1/tenant-settings": ["get", "patch"],
      "/v1/timers/failed": ["get"],
      "/v1/timers/failed/{timerId}/retry": ["post"],
      "/v1/outbox/dead": ["get"],
      "/v1/payments": ["get"],
      "/v1/payments/{paymentId}": ["get"],
      "/v1/outbox/dead/{eventId}/retry": ["post"],
      "/v1/outbox/dead/{eventId}/discard": ["post"],
      "/v1/audit-log": ["get"],
      "/v1/notifications": ["get"],
      "/v1/notifications/bulk-sms": ["post"],
      "/v1/promotions/limited-discounts": ["get", "post"],
      "/v1/promotions/limited-discounts/{discountId}": ["get"],
      "/v1/promotions/limited-discounts/{discountId}/end": ["post"],
      "/v1/promotions/distributors": ["get"],
      "/v1/promotions/distributors/settings": ["get", "put"],
      "/v1/promotions/distributors/{distributorId}": ["get"],
      "/v1/promotions/distributors/{distributorId}/approve": ["post"],
      "/v1/promotions/distributors/{distributorId}/reject": ["post"],
      "/v1/promotions/distributors/{distributorId}/statistics": ["get"],
      "/v1/promotions/distributors/{distributorId}/commissions": ["get"],
      "/v1/promotions/distributors/withdrawals": ["get"],
      "/v1/promotions/distributors/withdrawals/{withdrawalId}": ["get"],
      "/v1/promotions/distributors/withdrawals/{withdrawalId}/approve": ["post"],
      "/v1/promotions/distributors/withdrawals/{withdrawalId}/reject": ["post"],
      "/v1/my/distributor": ["get", "post"],
      "/v1/my/distributor/withdrawals": ["get", "post"],
      "/v1/promotions/coupons": ["get", "post"],
      "/v1/promotions/coupons/{couponId}": ["delete", "get", "patch"],
      "/v1/promotions/coupons/{couponId}/publish": ["post"],
      "/v1/promotions/coupons/{couponId}/abandon": ["post"],
      "/v1/promotions/coupons/{couponId}/codes": ["get"],
      "/v1/promotions/coupons/{couponId}/distributions": ["post"],
      "/v1/promotions/coupons/{couponId}/claim-link": ["get"],
      "/v1/promotions/coupons/{couponId}/claim-link.png": ["get"],
      "/v1/promotions/coupons/{couponId}/push-preview": ["post"],
      "/v1/promotions/coupons/{couponId}/pushes": ["post"],
      "/v1/promotions/coupon-settings/signup-gift": ["get", "put"],
      "/v1/my/coupons": ["get"],
      "/v1/my/coupons/claim": ["post"],
      "/v1/inspections": ["get", "post"],
      "/v1/code-lifecycle/entries": ["get", "post"],
      "/v1/code-lifecycle/entries/{entryId}": ["get"],
      "/v1/code-lifecycle/entries/{entryId}/restore": ["post"],
      "/v1/code-lifecycle/unpack": ["post"],
      "/v1/code-lifecycle/repack": ["post"],
      "/v1/codes/{code}/aggregation": ["get"],
      "/v1/statistics/scans": ["get"],
      "/v1/statistics/codes": ["get"],
      "/v1/promotions/quote": ["post"],
      "/v1/my/quote": ["post"],
      "/v1/customers": ["get", "post"],
      "/v1/customers/{customerId}": ["get"],
      "/v1/customers/{customerId}/blacklist": ["delete", "post"],
      "/v1/customers/{customerId}/points": ["get"],
      "/v1/customers/{customerId}/points/ledger": ["get"],
      "/v1/customers/{customerId}/points-adjustments": ["post"],
      "/v1/member-levels": ["get", "post"],
      "/v1/member-levels/{levelId}": ["delete", "patch"],
      "/v1/member-settings": ["get", "patch"],
      "/v1/member-tags": ["get", "post"],
      "/v1/member-tags/{tagId}": ["delete", "patch"],
      "/v1/member-tags/{tagId}/customers/{customerId}": ["delete", "put"],
      "/v1/my/points": ["get"],
      "/v1/my/check-ins": ["post"],
      "/v1/my/membership": ["get"],
      "/v1/flash-sales": ["get", "post"],
      "/v1/flash-sales/{saleId}": ["get"],
      "/v1/flash-sales/{saleId}/sold": ["get"],
      "/v1/flash-sales/{saleId}/stop": ["post"],
      "/v1/my/flash-sales": ["get"],
      "/v1/my/flash-sales/{saleId}": ["get"],
      "/v1/my/flash-sales/{saleId}/reminders": ["post"],
      "/v1/presales": ["get", "post"],
      "/v1/presales/{presaleId}": ["get"],
      "/v1/presales/{presaleId}/sold": ["get"],
      "/v1/presales/{presaleId}/stop": ["post"],
      "/v1/orders/{orderId}/presale-delivery": ["get"],
      "/v1/my/orders/{orderId}/presale-delivery": ["get"],
      "/v1/prizes": ["get", "post"],
      "/v1/prizes/{prizeId}": ["get", "patch"],
      "/v1/prizes/{prizeId}/cdk-keys": ["post"],
      "/v1/prizes/{prizeId}/stock": ["post"],
      "/v1/prizes/{prizeId}/sub-stocks": ["get"],
      "/v1/campaigns": ["get", "post"],
      "/v1/campaigns/{campaignId}": ["delete", "get", "patch"],
      "/v1/campaigns/{campaignId}/publish": ["post"],
      "/v1/campaigns/{campaignId}/freeze": ["post"],
      "/v1/campaigns/{campaignId}/resume": ["post"],
      "/v1/campaigns/{campaignId}/offline": ["post"],
      "/v1/campaigns/{campaignId}/statistics": ["get"],
      "/v1/activity-batches": ["get", "post"],
      "/v1/activity-batches/{batchId}": ["delete", "get", "patch"],
      "/v1/activity-batches/{batchId}/copy": ["post"],
      "/v1/activity-batches/{batchId}/packages": ["post"],
      "/v1/activity-batches/{batchId}/activate": ["post"],
      "/v1/activity-batches/{batchId}/freeze": ["post"],
      "/v1/campaign-winners": ["get"],
      "/v1/campaign-winners/export": ["get"],
      "/v1/prize-shipments": ["get"],
      "/v1/prize-shipments/{drawId}/ship": ["post"],
      "/v1/my/draws": ["get", "post"],
      "/v1/my/draws/{drawId}/claim": ["post"],
      "/v1/public/scans": ["post"],
      "/v1/promotions/activities": ["get", "post"],
      "/v1/promotions/activities/{activityId}": ["delete", "get", "patch"],
      "/v1/promotions/activities/{activityId}/end": ["post"],
      "/healthz": ["get"],
      "/openapi.json": ["get"],
    });
    const byId = Object.fromEntries(operations(document).map(([, , op]) => [op.operationId, op]));
    expect(Object.keys(byId.createMerchant?.responses ?? {})).toEqual([
      "201",
      "400",
      "401",
      "403",
      "413",
      "415",
      "500",
    ]);
    expect(Object.keys(byId.deleteProduct?.responses ?? {})).toEqual([
      "204",
      "400",
      "401",
      "403",
      "404",
      "409",
      "500",
    ]);
    expect(byId.deleteMerchant?.responses["409"]?.description).toContain("MERCHANT_HAS_PRODUCTS");
    expect(byId.deleteMerchant?.responses["204"]?.content).toBeUndefined();
    expect(byId.listProducts?.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ["merchantId", "query", false],
      ["limit", "query", false],
      ["cursor", "query", false],
    ]);
    expect(byId.getHealth?.security).toEqual([]);
    expect(byId.listMerchants?.security).toEqual([{ bearerAuth: [] }]);
    // Consumer routes say so: a buyer's token, not a staff one.
    expect(byId.placeMyOrder?.security).toEqual([{ consumerAuth: [] }]);
    expect(byId.createMerchant?.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/NewMerchant" } } },
    });
  });

  it("resolves every $ref to a component", async () => {
    const document = await servedDocument(createTestApp());
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const { ref, at } of refs) {
      expect(ref, at).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
      expect(() => resolvePointer(document, ref), at).not.toThrow();
    }
    expect(Object.keys(document.components.schemas).sort()).toEqual([
      "AccountLimit",
      "Activity",
      "ActivityAudience",
      "ActivityBatch",
      "ActivityBatchCopyInput",
      "ActivityBatchPackageInput",
      "ActivityBatchPage",
      "ActivityBatchPatch",
      "ActivityBatchStatus",
      "ActivityInput",
      "ActivityPage",
      "ActivityPatch",
      "ActivityScope",
      "ActivityTerms",
      "ActivityTier",
      "AfterSale",
      "AfterSaleApplication",
      "AfterSaleApproval",
      "AfterSaleDetails",
      "AfterSalePage",
      "AfterSaleParcel",
      "AfterSaleParcelInput",
      "AfterSaleRejection",
      "AggregationChange",
      "AggregationHistory",
      "AggregationOperation",
      "AuditEntry",
      "AuditEntryPage",
      "AuditFieldChange",
      "BatchPackages",
      "BlacklistInput",
      "BulkShippingResult",
      "BulkSmsInput",
      "BulkSmsResult",
      "Campaign",
      "CampaignDetail",
      "CampaignDraw",
      "CampaignDrawPage",
      "CampaignPage",
      "CampaignPatch",
      "CampaignSlot",
      "CampaignSlotInput",
      "CampaignStatistics",
      "CampaignStatus",
      "CampaignTemplate",
      "CartQuoteInput",
      "CdkImportReport",
      "CdkKeysInput",
      "ChangePrice",
      "Charset",
      "CheckInResult",
      "ClaimInput",
      "ClaimResult",
      "CloseOrder",
      "CloseOrderOutcome",
      "CodeCounts",
      "CodeDigitalLink",
      "CodeHolding",
      "CodeLevel",
      "CodeLifecycleEntry",
      "CodeLifecycleEntryPage",
      "CodeLifecycleKind",
      "CodeLifecycleReason",
      "CodeListing",
      "CodeLocation",
      "CodePackage",
      "CodePackagePage",
      "CodePackageProgress",
      "CodePackageStatus",
      "CodeRange",
      "CodeRecord",
      "CodeRule",
      "CodeRulePage",
      "CodeRulePatch",
      "CodeSegment",
      "CodeSource",
      "CodeStatistics",
      "CodeStatisticsRow",
      "CodeStatus",
      "CodeType",
      "Commission",
      "CommissionPage",
      "Coupon",
      "CouponClaim",
      "CouponClaimLink",
      "CouponCode",
      "CouponCodeList",
      "CouponDetail",
      "CouponDistribution",
      "CouponInput",
      "CouponPage",
      "CouponPatch",
      "CouponPush",
      "CouponPushPreview",
      "CouponPushResult",
      "CouponScope",
      "CouponSignupGift",
      "CouponStatistics",
      "CouponValue",
      "CustomField",
      "CustomFieldInput",
      "CustomFieldType",
      "Customer",
      "CustomerPage",
      "CustomerRegistration",
      "CustomerSegment",
      "DailyWindow",
      "DistributionStep",
      "Distributor",
      "DistributorApplication",
      "DistributorApproval",
      "DistributorPage",
      "DistributorRejection",
      "DistributorSettings",
      "DistributorSettingsInput",
      "DistributorStatistics",
      "DistributorStatus",
      "DiversionAlert",
      "DiversionAlertPage",
      "DrawInput",
      "DrawResult",
      "DrawResultPage",
      "Enterprise",
      "EnterpriseMove",
      "EnterprisePage",
      "EnterprisePatch",
      "EpcisDocument",
      "FlashSale",
      "FlashSaleItem",
      "FlashSalePage",
      "FlashSaleReminderInput",
      "FlashSaleSoldUnits",
      "FlashSaleSubscribed",
      "FreightQuoteInput",
      "FreightRegionRule",
      "FreightTemplate",
      "FreightTemplatePage",
      "FreightTemplateRules",
      "Health",
      "InboundType",
      "InspectionReport",
      "InspectionReportPage",
      "LedgerEntry",
      "LedgerEntryList",
      "LedgerProblem",
      "LimitedDiscount",
      "LimitedDiscountInput",
      "LimitedDiscountKind",
      "LimitedDiscountLimit",
      "LimitedDiscountPage",
      "LimitedDiscountRecurrence",
      "LimitedDiscountRecurrenceRecord",
      "LimitedDiscountRounding",
      "LineIssue",
      "LogisticsState",
      "MemberLevel",
      "MemberLevelInput",
      "MemberLevelList",
      "MemberLevelPatch",
      "MemberSettings",
      "MemberSettingsPatch",
      "MemberTag",
      "MemberTagInput",
      "MemberTagList",
      "MemberTagRemoval",
      "Merchant",
      "MerchantPage",
      "MerchantPatch",
      "Money",
      "MyDistributor",
      "MyPoints",
      "NewActivityBatch",
      "NewCampaign",
      "NewCodeRule",
      "NewCustomCodeRule",
      "NewEnterprise",
      "NewFlashSale",
      "NewGenerationJob",
      "NewInspectionReport",
      "NewMerchant",
      "NewOrder",
      "NewPresale",
      "NewPrintOrder",
      "NewPrize",
      "NewProduct",
      "NewProductionLine",
      "NewProductionTask",
      "NewQuickCodeRule",
      "NewShipment",
      "NewSiblingEnterprise",
      "NewStaffMember",
      "NewStockDocument",
      "NewTraceBatch",
      "NewWaybill",
      "NoPrizeReason",
      "NotificationLogEntry",
      "NotificationLogPage",
      "OpenApiDocument",
      "Order",
      "OrderAdjustment",
      "OrderCounts",
      "OrderDeliveryMethod",
      "OrderLine",
      "OrderPage",
      "OrderRefund",
      "OrderSettings",
      "OrderSettingsPatch",
      "OrderState",
      "OrderStatistics",
      "OutboundType",
      "OutboxEvent",
      "OutboxEventPage",
      "PackageBinding",
      "PackageRules",
      "PackagingKey",
      "PackagingKeyInput",
      "PackagingRatio",
      "PayOrder",
      "PayOrderOutcome",
      "Payment",
      "PaymentList",
      "PaymentSubject",
      "PayoutStatus",
      "PickupVerification",
      "PointsAccount",
      "PointsAdjustment",
      "PointsEntry",
      "PointsEntryPage",
      "PostalAddress",
      "Presale",
      "PresaleDelivery",
      "PresaleDeliveryPromise",
      "PresaleItem",
      "PresalePage",
      "PresaleSoldUnits",
      "PricingQuote",
      "PricingStep",
      "PrintFinish",
      "PrintOrder",
      "PrintOrderPage",
      "PrintOrderStatus",
      "PrintOrderTransition",
      "PrintPriceTier",
      "PrintQuote",
      "PrintQuoteRequest",
      "PrintRecipient",
      "PrintUrlForm",
      "Prize",
      "PrizeFunds",
      "PrizeKind",
      "PrizePage",
      "PrizePatch",
      "PrizePurchase",
      "PrizeRecipient",
      "PrizeShipmentInput",
      "PrizeShipping",
      "PrizeState",
      "PrizeStockInput",
      "PrizeSubStock",
      "PrizeSubStockList",
      "PrizeWithImport",
      "Problem",
      "Product",
      "ProductPage",
      "ProductPatch",
      "ProductSkus",
      "ProductionLine",
      "ProductionLinePage",
      "ProductionLinePatch",
      "ProductionLineSnapshot",
      "ProductionTask",
      "ProductionTaskPage",
      "ProductionTaskPatch",
      "ProductionTaskStatus",
      "ProductionTaskStatusChange",
      "PublicScan",
      "Reason",
      "ReceiptAdjustment",
      "RefundOutcome",
      "RefundRequest",
      "Repack",
      "Role",
      "ScanCampaignEntry",
      "ScanCountAlert",
      "ScanCountAlertKind",
      "ScanCountAlertPage",
      "ScanCountAlertSettings",
      "ScanCountAlertSettingsPatch",
      "ScanCountNotice",
      "ScanCountThresholds",
      "ScanProductionTask",
      "ScanRecord",
      "ScanRecordPage",
      "ScanResult",
      "ScanStatistics",
      "ScanStatisticsRow",
      "ScanTemplate",
      "ScanTemplateInput",
      "ScanTemplateKind",
      "ScanVerdict",
      "SealReference",
      "SealSubjectKind",
      "SealVerification",
      "SealedProductInfo",
      "SerialSegment",
      "Shipment",
      "ShipmentOutcome",
      "Sku",
      "SkuConfiguration",
      "SkuInput",
      "SkuList",
      "SkuPatch",
      "SkuSettings",
      "SkuStock",
      "SlotStatistics",
      "SpecDimension",
      "StaffMember",
      "StaffMemberPage",
      "StaffMemberPatch",
      "StatisticsPeriod",
      "StockDocument",
      "StockDocumentItem",
      "StockDocumentItemList",
      "StockDocumentPage",
      "StockDocumentStatus",
      "StockPolicy",
      "StockPolicyInput",
      "StockScan",
      "StockScanResult",
      "TenantSettings",
      "TenantSettingsPatch",
      "TimedSaleState",
      "Timer",
      "TimerPage",
      "TraceBatch",
      "TraceBatchPage",
      "TraceBatchPatch",
      "TraceBatchStatus",
      "TraceBatchStatusChange",
      "TrackingRefresh",
      "Unpack",
      "ValidationIssue",
      "VoidCodes",
      "VoidCodesResult",
      "WalletCoupon",
      "WalletCouponPage",
      "WeightPricing",
      "Withdrawal",
      "WithdrawalPage",
      "WithdrawalRequest",
      "WithdrawalStatus",
    ]);
  });

  it("is the document createOpenApiDocument builds, with the base path as server", async () => {
    const app = createTestApp({ basePath: "/api" });
    const served = await app.call("GET", "/api/openapi.json", { token: null });
    expect(served.json).toEqual(createOpenApiDocument({ basePath: "/api" }));
    expect(served.json.servers).toEqual([{ url: "/api" }]);
    expect(createOpenApiDocument({ info: { version: "9.9.9" } }).info.version).toBe("9.9.9");
  });

  it("documents request bodies that accept and reject exactly what the runtime does", async () => {
    const app = createTestApp();
    const document = await servedDocument(app);
    const merchant = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    const merchantId = merchant.json.id as string;
    const validProduct = { merchantId, name: "Tin" };
    const productBodies: unknown[] = [
      validProduct,
      { ...validProduct, gtin: null },
      { ...validProduct, images: Array.from({ length: 6 }, (_, i) => `https://img.example/${i}`) },
      { ...validProduct, images: Array.from({ length: 7 }, (_, i) => `https://img.example/${i}`) },
      { ...validProduct, description: clef.repeat(5000) },
      { ...validProduct, description: "d".repeat(5001) },
      { ...validProduct, gtin: 6901234567892 },
      { ...validProduct, gtin: "069012345678921" },
      { ...validProduct, merchantId: "" },
      { ...validProduct, boundCodeCount: 2 },
      { name: "No merchant" },
    ];
    const productPatches: unknown[] = [
      {},
      { gtin: null },
      { images: [] },
      { merchantId },
      { specification: "s".repeat(101) },
      { tenantId: "x" },
    ];
    const cases: [string, z.ZodType, unknown[], (body: unknown) => Promise<number>][] = [
      [
        "NewMerchant",
        newMerchantSchema,
        merchantBodies,
        async (body) => (await app.call("POST", "/v1/merchants", { body })).status,
      ],
      [
        "MerchantPatch",
        merchantPatchSchema,
        merchantPatches,
        async (body) => (await app.call("PATCH", `/v1/merchants/${merchantId}`, { body })).status,
      ],
      [
        "NewProduct",
        newProductSchema,
        productBodies,
        async (body) => (await app.call("POST", "/v1/products", { body })).status,
      ],
      [
        "ProductPatch",
        productPatchSchema,
        productPatches,
        async (body) => {
          const product = await app.call("POST", "/v1/products", { body: validProduct });
          return (await app.call("PATCH", `/v1/products/${product.json.id}`, { body })).status;
        },
      ],
    ];
    for (const [id, schema, bodies, send] of cases) {
      const json = component(document, id);
      let accepted = 0;
      let rejected = 0;
      for (const body of bodies) {
        const documented = conforms(json, body, document);
        const label = `${id} ${JSON.stringify(body).slice(0, 80)}`;
        expect(documented, label).toBe(schema.safeParse(body).success);
        const status = await send(body);
        if (documented) {
          accepted++;
          expect(status, label).toBeLessThan(300);
        } else {
          rejected++;
          expect(status, label).toBe(400);
        }
      }
      expect(accepted, id).toBeGreaterThan(0);
      expect(rejected, id).toBeGreaterThan(0);
    }
  });

  it("documents query parameters that match the runtime checks", async () => {
    const app = createTestApp();
    const document = await servedDocument(app);
    const list = document.paths["/v1/merchants"]?.get as unknown as Operation;
    const limit = list.parameters?.find((p) => p.name === "limit")?.schema ?? {};
    for (const value of [0, 1, 50, 200, 201, 1.5, -3]) {
      const documented = conforms(limit, value, document);
      const reply = await app.call("GET", `/v1/merchants?limit=${value}`);
      expect(reply.status === 200, String(value)).toBe(documented);
    }
  });

  it("describes the responses the handler actually sends", async () => {
    const app = createTestApp();
    const document = await servedDocument(app);
    const schemaOf = (path: string, method: string, status: string, type = "application/json") => {
      const op = document.paths[path]?.[method] as unknown as Operation | undefined;
      const schema = op?.responses[status]?.content?.[type]?.schema;
      if (!schema) throw new Error(`no ${status} schema for ${method} ${path}`);
      return schema;
    };
    const merchant = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    expect(conforms(schemaOf("/v1/merchants", "post", "201"), merchant.json, document)).toBe(true);
    const product = await app.call("POST", "/v1/products", {
      body: { merchantId: merchant.json.id, name: "Tin", gtin: "06901234567892" },
    });
    expect(conforms(schemaOf("/v1/products", "post", "201"), product.json, document)).toBe(true);
    const merchants = await app.call("GET", "/v1/merchants?limit=1");
    expect(conforms(schemaOf("/v1/merchants", "get", "200"), merchants.json, document)).toBe(true);
    const products = await app.call("GET", "/v1/products");
    expect(conforms(schemaOf("/v1/products", "get", "200"), products.json, document)).toBe(true);
    const health = await app.call("GET", "/healthz");
    expect(conforms(schemaOf("/healthz", "get", "200"), health.json, document)).toBe(true);

    const problem = await app.call("POST", "/v1/merchants", { body: { bogus: 1 } });
    const problemSchema = schemaOf("/v1/merchants", "post", "400", "application/problem+json");
    expect(conforms(problemSchema, problem.json, document)).toBe(true);
    const conflict = await app.call("DELETE", `/v1/merchants/${merchant.json.id}`);
    expect(conflict.status).toBe(409);
    expect(conforms(problemSchema, conflict.json, document)).toBe(true);
    expect(conforms(problemSchema, { ...conflict.json, extra: 1 }, document)).toBe(false);
  });
});

describe("response schemas", () => {
  it("mirror core's types exactly", () => {
    expectTypeOf<Immutable<z.output<typeof merchantSchema>>>().toEqualTypeOf<Merchant>();
    expectTypeOf<Immutable<z.output<typeof productSchema>>>().toEqualTypeOf<Product>();
    expectTypeOf<Immutable<z.output<typeof merchantPageSchema>>>().toEqualTypeOf<
      Immutable<Page<Merchant>>
    >();
    expectTypeOf<Immutable<z.output<typeof productPageSchema>>>().toEqualTypeOf<
      Immutable<Page<Product>>
    >();
  });

  it("list exactly the keys of core's records", async () => {
    const app = createTestApp();
    const merchant = await app.call("POST", "/v1/merchants", { body: merchantInput() });
    expect(Object.keys(merchant.json).sort()).toEqual(Object.keys(merchantSchema.shape).sort());
    const product = await app.call("POST", "/v1/products", {
      body: { merchantId: merchant.json.id, name: "Tin" },
    });
    expect(Object.keys(product.json).sort()).toEqual(Object.keys(productSchema.shape).sort());
  });
});
