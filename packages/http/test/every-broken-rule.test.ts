import { describe, expect, it } from "vitest";
import type { Route } from "../src/define-route.js";
import { routeTable } from "../src/routes/route-table.js";
import { createTestApp } from "./support/test-app.js";

type Case = readonly [
  method: string,
  path: string,
  body: Record<string, unknown>,
  expected: string[],
];

/**
 * For each create or update body: a rule the schema checks and one only core
 * checks (or core's rule on a field the schema also judged), broken at once.
 */
const CASES: readonly Case[] = [
  [
    "POST",
    "/v1/promotions/coupons",
    {
      kind: "normal",
      name: "Spring",
      codePrefix: "SP",
      quantity: 0,
      value: { kind: "fixed", amount: 200 },
      validFrom: "2026-05-01T00:00:00Z",
      validUntil: "2026-04-01T00:00:00Z",
      x: 1,
    },
    ["x:unknown_field", "quantity:range", "validUntil:after_valid_from"],
  ],
  [
    "POST",
    "/v1/promotions/coupons/o/distributions",
    { grants: [{ customerId: "cus_a", quantity: 0 }], x: 1 },
    ["x:unknown_field", "grants.0.quantity:range"],
  ],
  [
    "PATCH",
    "/v1/tenant-settings",
    { timeZone: "Mars/Olympus", currency: "cny", x: 1 },
    ["x:unknown_field", "timeZone:time_zone", "currency:currency"],
  ],
  [
    "POST",
    "/v1/code-lifecycle/entries",
    { kind: "recall", reason: "misprint", packageId: "p", fromSerial: 5, toSerial: 2, x: 1 },
    ["x:unknown_field", "reason:one_of", "toSerial:range"],
  ],
  [
    "POST",
    "/v1/products",
    { merchantId: "m", name: "", gtin: "123", images: ["nope"] },
    ["name:required", "images.0:url", "gtin:gtin_check_digit"],
  ],
  [
    "PATCH",
    "/v1/products/p",
    { name: "", gtin: "4006381333932" },
    ["name:required", "gtin:gtin_check_digit"],
  ],
  [
    "POST",
    "/v1/merchants",
    { name: "", codeSource: "platform", urlPrefixes: ["https://a.example/x"], extra: 1 },
    ["name:required", "extra:unknown_field", "urlPrefixes.0:url_prefix_end"],
  ],
  [
    "PATCH",
    "/v1/merchants/m",
    { name: 5, urlPrefixes: ["ftp://x/"] },
    ["name:type", "urlPrefixes.0:url"],
  ],
  [
    "POST",
    "/v1/code-rules",
    {
      mode: "custom",
      merchantId: "m",
      name: "n",
      length: 20,
      serials: false,
      x: 1,
      segments: [{ kind: "fixed", text: "a b" }],
    },
    ["x:unknown_field", "segments.0.text:fixed_charset", "segments:random_or_sequence"],
  ],
  [
    "POST",
    "/v1/code-rules",
    { mode: "quick", merchantId: "m", charset: "digits", length: 13, serials: false, extra: 1 },
    ["extra:unknown_field", "length:random_length"],
  ],
  ["PATCH", "/v1/code-rules/r", { name: "", enabled: "yes" }, ["name:required", "enabled:type"]],
  [
    "POST",
    "/v1/code-packages",
    {
      merchantId: "m",
      codeType: "single",
      rules: { item: "r", outer: "o" },
      quantity: 0,
      extra: 1,
    },
    ["extra:unknown_field", "rules.outer:not_applicable", "quantity:range"],
  ],
  [
    "POST",
    "/v1/enterprises",
    { name: "", salesRegion: "CN GD", extra: 1 },
    ["name:required", "extra:unknown_field", "salesRegion:sales_region"],
  ],
  [
    "POST",
    "/v1/enterprises/e/siblings",
    { name: "", salesRegion: "CN GD" },
    ["name:required", "salesRegion:sales_region"],
  ],
  [
    "PATCH",
    "/v1/enterprises/e",
    { name: "", salesRegion: "CN GD" },
    ["name:required", "salesRegion:sales_region"],
  ],
  [
    "POST",
    "/v1/staff",
    { loginName: "bad name!", roles: [], extra: 1 },
    ["extra:unknown_field", "loginName:login_name", "roles:min_items"],
  ],
  [
    "PATCH",
    "/v1/staff/s",
    { loginName: "bad name!", roles: ["nope"] },
    ["loginName:login_name", "roles.0:one_of"],
  ],
  [
    "POST",
    "/v1/trace-batches",
    {
      batchNumber: "",
      productId: "p",
      productionDate: "2026-02-30",
      template: { kind: "basic", brandVideo: "https://v.example/v" },
    },
    ["batchNumber:required", "productionDate:date", "template.brandVideo:brand_only"],
  ],
  [
    "PATCH",
    "/v1/trace-batches/b",
    { productionDate: "2026-02-30", template: { brandVideo: "https://v.example/v" }, extra: 1 },
    ["extra:unknown_field", "productionDate:date"],
  ],
  [
    "POST",
    "/v1/production-lines",
    {
      name: "",
      customFields: [{ title: "t", type: "image", content: "not a url", showOnScan: true }],
    },
    ["name:required", "customFields.0.content:url"],
  ],
  [
    "PATCH",
    "/v1/production-lines/l",
    { name: "", customFields: [{ title: "t", type: "video", content: "nope", showOnScan: true }] },
    ["name:required", "customFields.0.content:url"],
  ],
  [
    "POST",
    "/v1/production-tasks",
    { name: "", batchId: "b", lineId: "l", executedAt: "yesterday" },
    ["name:required", "executedAt:date_time"],
  ],
  [
    "PATCH",
    "/v1/production-tasks/t",
    { executedAt: "yesterday", extra: 1 },
    ["extra:unknown_field", "executedAt:date_time"],
  ],
  [
    "POST",
    "/v1/stock-documents",
    { outboundType: "nope", consumerVisible: "yes", extra: 1 },
    ["consumerVisible:type", "extra:unknown_field", "outboundType:one_of"],
  ],
  [
    "POST",
    "/v1/inspections",
    { code: "not a code", note: "", photos: ["nope"], extra: 1 },
    ["extra:unknown_field", "code:code_format", "note:required", "photos.0:url"],
  ],
  [
    "POST",
    "/v1/print-orders",
    { packageIds: [], finish: "x", recipient: { name: "", phone: "12", address: "a" }, extra: 1 },
    [
      "recipient.name:required",
      "extra:unknown_field",
      "packageIds:min_items",
      "finish:one_of",
      "recipient.phone:min_length",
    ],
  ],
  [
    "POST",
    "/v1/print-orders/quote",
    { packageIds: [], finish: "x", extra: 1 },
    ["extra:unknown_field", "packageIds:min_items", "finish:one_of"],
  ],
  [
    "POST",
    "/v1/print-orders/o/transitions",
    { to: "shipped", trackingNumber: "", courier: 5 },
    ["courier:type", "trackingNumber:required"],
  ],
  [
    "POST",
    "/v1/freight-templates",
    {
      name: "",
      courier: "SF Express",
      currency: "CNY",
      pricing: { firstWeightGrams: 0, firstPrice: 0, additionalWeightGrams: 1, additionalPrice: 0 },
      regionRules: [],
      undeliveredRegions: ["cn-zj"],
      selfPickup: true,
      x: 1,
    },
    [
      "x:unknown_field",
      "name:required",
      "pricing.firstWeightGrams:range",
      "undeliveredRegions.0:region_code",
    ],
  ],
  [
    "PUT",
    "/v1/freight-templates/t",
    {
      name: "Parcel",
      courier: "SF Express",
      currency: "CNY",
      pricing: {
        firstWeightGrams: 1000,
        firstPrice: 0,
        additionalWeightGrams: 1,
        additionalPrice: 0,
      },
      regionRules: [{ regionCodes: ["CN-ZJ"], pricing: { firstWeightGrams: 1 } }],
      undeliveredRegions: ["CN-ZJ"],
      selfPickup: "no",
    },
    [
      "selfPickup:type",
      "regionRules.0.pricing.firstPrice:required",
      "regionRules.0.pricing.additionalWeightGrams:required",
      "regionRules.0.pricing.additionalPrice:required",
      "undeliveredRegions.0:priced_and_undelivered",
    ],
  ],
  [
    "POST",
    "/v1/freight-templates/t/quote",
    { weightGrams: -1, regionCode: "zhejiang", deliveryMethod: "drone" },
    ["weightGrams:range", "regionCode:max_length", "deliveryMethod:one_of"],
  ],
  [
    "PUT",
    "/v1/products/p/skus",
    {
      policy: "later",
      dimensions: [{ name: "colour", values: ["red", "red"] }],
      skus: [{ spec: { colour: "red" }, code: "A B", price: 1, stock: -1, weightGrams: 1 }],
      x: 1,
    },
    [
      "x:unknown_field",
      "policy:one_of",
      "dimensions.0.values.1:duplicate_value",
      "skus.0.code:no_spaces",
      "skus.0.stock:range",
    ],
  ],
  [
    "PUT",
    "/v1/products/p/stock-policy",
    { policy: "later", x: 1 },
    ["x:unknown_field", "policy:one_of"],
  ],
  [
    "PATCH",
    "/v1/skus/s",
    { code: "A B", price: -1, weightGrams: "1" },
    ["weightGrams:type", "code:no_spaces", "price:range"],
  ],
  ["PUT", "/v1/skus/s/stock", { stock: -1, x: 1 }, ["x:unknown_field", "stock:range"]],
  [
    "POST",
    "/v1/orders/o/shipments",
    { courier: "", trackingNumber: "SF 1", items: [{ lineId: "l1", quantity: 0 }], x: 1 },
    [
      "x:unknown_field",
      "courier:required",
      "trackingNumber:tracking_number_format",
      "items.0.quantity:positive_integer",
    ],
  ],
  [
    "POST",
    "/v1/orders/o/waybills",
    { courier: "self", items: [{ lineId: "", quantity: 1 }] },
    ["courier:waybill_courier", "items.0.lineId:required"],
  ],
  ["POST", "/v1/order-verifications", { code: "1".repeat(33) }, ["code:max_length"]],
  [
    "POST",
    "/v1/orders",
    {
      customerId: "c",
      lines: [{ skuId: "s", quantity: 0 }],
      delivery: {
        method: "in_store",
        address: { name: "", phone: "x", regionCode: "zj", line: "l" },
      },
      channel: "Mini Program",
      x: 1,
    },
    [
      "channel:channel_format",
      "delivery.address.name:required",
      "delivery.address.phone:phone",
      "delivery.address.regionCode:region_code",
      "delivery.storeId:required",
      "lines.0.quantity:range",
      "x:unknown_field",
    ],
  ],
  [
    "POST",
    "/v1/my/orders",
    {
      lines: [],
      delivery: {
        method: "express",
        address: { name: "Li", phone: "138", regionCode: "CN-ZJ", line: "" },
      },
      buyerNote: "x".repeat(201),
    },
    [
      "buyerNote:max_length",
      "delivery.address.line:required",
      "delivery.address.phone:phone",
      "lines:min_items",
    ],
  ],
  [
    "POST",
    "/v1/promotions/quote",
    {
      lines: [{ skuId: "s", quantity: 0 }],
      delivery: { method: "express", regionCode: "zj" },
      pricingOptions: { points: -1 },
    },
    [
      "delivery.regionCode:region_code",
      "lines.0.quantity:range",
      "pricingOptions.points:non_negative_integer",
    ],
  ],
  [
    "POST",
    "/v1/my/quote",
    { lines: [], delivery: { method: "express", regionCode: "CN-ZJ" } },
    ["lines:min_items"],
  ],
  [
    "PATCH",
    "/v1/order-settings",
    {
      closeUnpaidAfterMinutes: 0,
      sender: { name: "A", phone: "1", regionCode: "CN-ZJ", line: "x" },
      alertRecipients: [{ channel: "sms", to: "not a phone" }],
    },
    ["alertRecipients.0.to:phone", "closeUnpaidAfterMinutes:range", "sender.phone:phone"],
  ],
  [
    "POST",
    "/v1/notifications/bulk-sms",
    { numbers: ["13800138000", "123", "+86 139"], template: "Spring Sale", params: { n: 5 }, x: 1 },
    [
      "x:unknown_field",
      "numbers.1:mobile_number",
      "numbers.2:mobile_number",
      "template:template_name",
      "params.n:type",
    ],
  ],
  [
    "POST",
    "/v1/after-sales/s/approve",
    { returnAddress: { name: "", phone: "abcdef", regionCode: "zj", line: "1 Road" }, x: 1 },
    [
      "x:unknown_field",
      "returnAddress.name:required",
      "returnAddress.phone:phone",
      "returnAddress.regionCode:region_code",
    ],
  ],
  [
    "POST",
    "/v1/after-sales/s/reject",
    { reason: "", x: 1 },
    ["x:unknown_field", "reason:required"],
  ],
  [
    "POST",
    "/v1/after-sales/s/reship",
    { courier: "", trackingNumber: 5 },
    ["courier:required", "trackingNumber:type"],
  ],
  [
    "POST",
    "/v1/my/orders/o/after-sales",
    {
      kind: "exchange",
      items: [{ lineId: "l1", quantity: 0 }],
      refundAmount: 100,
      reason: "Wrong colour",
      evidence: ["ftp://x"],
    },
    ["items.0.quantity:range", "refundAmount:exchange_no_refund", "evidence.0:url"],
  ],
  [
    "POST",
    "/v1/my/after-sales/s/ship-back",
    { courier: "SF", trackingNumber: "", x: 1 },
    ["x:unknown_field", "trackingNumber:required"],
  ],
  [
    "POST",
    "/v1/member-levels",
    { name: "", threshold: 0, discount: "1.5", x: 1 },
    ["x:unknown_field", "name:required", "threshold:positive_integer", "discount:factor_range"],
  ],
  [
    "PATCH",
    "/v1/member-settings",
    { redeemCapPercent: 101, earnCoefficient: "x", x: 1 },
    ["x:unknown_field", "redeemCapPercent:range", "earnCoefficient:decimal"],
  ],
  [
    "POST",
    "/v1/public/scans",
    { tenantId: "-x", code: "no such code" },
    ["tenantId:tenant_id_format", "code:code_format"],
  ],
  [
    "POST",
    "/v1/promotions/activities",
    {
      name: "",
      terms: { kind: "spend_discount", basis: "amount", tiers: [{ threshold: 100, zhe: 10 }] },
      x: 1,
    },
    ["x:unknown_field", "name:required", "terms.tiers.0.zhe:zhe_range"],
  ],
  [
    "PATCH",
    "/v1/promotions/activities/s",
    {
      terms: { kind: "free_shipping", methods: ["drone"] },
      scope: { kind: "products", productIds: [] },
    },
    ["terms.methods.0:one_of", "scope.productIds:min_items"],
  ],
  [
    "POST",
    "/v1/promotions/limited-discounts",
    {
      name: "June",
      kind: "rate",
      startsAt: "2026-06-02T00:00:00Z",
      endsAt: "2026-06-01T00:00:00Z",
      items: [{ skuId: "sku_1", rate: "10", stock: 0 }],
      x: 1,
    },
    [
      "x:unknown_field",
      "endsAt:after_start",
      "items.0.stock:positive_integer",
      "items.0.rate:zhe_range",
    ],
  ],
  [
    "PUT",
    "/v1/promotions/distributors/settings",
    { defaultRate: "101", x: 1 },
    ["x:unknown_field", "defaultRate:percent_range"],
  ],
  [
    "POST",
    "/v1/promotions/distributors/s/approve",
    { rate: "1.234", x: 1 },
    ["x:unknown_field", "rate:percent_precision"],
  ],
  [
    "POST",
    "/v1/my/distributor",
    { phone: "123", x: 1 },
    ["x:unknown_field", "phone:mobile_number"],
  ],
  [
    "POST",
    "/v1/my/distributor/withdrawals",
    { amount: 99, x: 1 },
    ["x:unknown_field", "amount:min_withdrawal"],
  ],
  [
    "POST",
    "/v1/flash-sales",
    { name: "n", startsAt: "soon", endsAt: "2030-01-01T00:00:00Z", items: [], x: 1 },
    ["x:unknown_field", "startsAt:date_time", "items:min_items"],
  ],
  [
    "POST",
    "/v1/my/flash-sales/s/reminders",
    { phone: "1", x: 1 },
    ["x:unknown_field", "phone:mobile_number"],
  ],
  [
    "POST",
    "/v1/presales",
    {
      name: "n",
      startsAt: "soon",
      endsAt: "2030-01-01T00:00:00Z",
      items: [],
      delivery: { kind: "date", date: "x" },
      x: 1,
    },
    ["x:unknown_field", "startsAt:date_time", "items:min_items", "delivery.date:local_date"],
  ],
  [
    "POST",
    "/v1/prizes",
    { name: "Points", kind: "points", totalStock: 5, points: 0, redirectUrl: "example.com", x: 1 },
    ["x:unknown_field", "points:range", "redirectUrl:url"],
  ],
  [
    "PATCH",
    "/v1/prizes/p",
    { name: "", redirectUrl: "ftp://x" },
    ["name:required", "redirectUrl:url"],
  ],
  [
    "POST",
    "/v1/campaigns",
    {
      template: "wheel",
      title: "Spin",
      startsAt: "2030-01-02T00:00:00Z",
      endsAt: "2030-01-01T00:00:00Z",
      slots: [],
      x: 1,
    },
    ["x:unknown_field", "endsAt:after_starts_at", "slots:min_items", "slots:wheel_slots"],
  ],
  [
    "PATCH",
    "/v1/campaigns/c",
    {
      title: "",
      slots: [
        {
          prizeId: "prz_1",
          probability: 12.345,
          allocation: 1,
          accountLimit: { period: "day", times: 0 },
        },
      ],
    },
    ["title:required", "slots.0.probability:decimals", "slots.0.accountLimit.times:range"],
  ],
  [
    "POST",
    "/v1/activity-batches",
    { batchNumber: "  ", campaignId: "c", merchantId: "m", productId: "p", x: 1 },
    ["x:unknown_field", "batchNumber:required"],
  ],
  [
    "PATCH",
    "/v1/activity-batches/b",
    { remark: 5, batchNumber: " " },
    ["remark:type", "batchNumber:required"],
  ],
  [
    "POST",
    "/v1/activity-batches/b/copy",
    { batchNumber: " ", x: 1 },
    ["x:unknown_field", "batchNumber:required"],
  ],
  ["POST", "/v1/my/draws", { code: "  ", x: 1 }, ["x:unknown_field", "code:required"]],
  [
    "POST",
    "/v1/my/draws/d/claim",
    { recipient: { name: "", phone: "123", address: "2 Tea Road" }, x: 1 },
    ["x:unknown_field", "recipient.name:required", "recipient.phone:mobile_phone"],
  ],
  [
    "POST",
    "/v1/prize-shipments/d/ship",
    { courier: " ", trackingNumber: "t".repeat(51), x: 1 },
    ["x:unknown_field", "courier:required", "trackingNumber:max_length"],
  ],
];

describe("one request reports every broken rule", () => {
  it.each(CASES)(
    "%s %s: the schema's and core's rules in one answer",
    async (method, path, body, expected) => {
      const app = createTestApp();
      const token = path.startsWith("/v1/public/")
        ? null
        : path.startsWith("/v1/my/")
          ? "acme-consumer"
          : "acme-admin";
      const reply = await app.call(method, path, { body, token });
      expect(reply.status, reply.text).toBe(400);
      expect(reply.json.code).toBe("VALIDATION_FAILED");
      const found = reply.json.errors.map(
        (issue: { field: string; rule: string }) => `${issue.field}:${issue.rule}`,
      );
      expect(found.sort()).toEqual([...expected].sort());
    },
  );

  it("covers every route that declares core's check, and every body route declares one or says why not", () => {
    const routes = routeTable(() => {
      throw new Error("not needed");
    });
    // Bodies core checks with no rule beyond the schema's: one enum, one id or one scanned code.
    const withoutCoreCheck: Record<string, string> = {
      rejectDistributor: "reason is optional bounded text, which the schema checks whole",
      rejectDistributorWithdrawal: "reason is optional bounded text, which the schema checks whole",
      setTraceBatchStatus: "status is an enum the schema checks whole",
      setProductionTaskStatus: "status is an enum the schema checks whole",
      bindBatchPackage: "packageId is an id the schema checks whole",
      moveEnterprise: "parentId is an id or null, which the schema checks whole",
      scanIntoStockDocument:
        "code is resolved by lookup; its format is the schema's and core's alike",
      unpackCode: "codes, note and document id are texts and lists the schema checks whole",
      repackCodes: "codes, note and document id are texts and lists the schema checks whole",
      updateScanAlertSettings:
        "each threshold is an integer 1-1,000 or null, which the schema checks whole",
      payOrder: "payer is an optional text the schema checks whole",
      payMyOrder: "payer is an optional text the schema checks whole",
      updateCoupon:
        "a draft's patch is checked merged over the stored terms, which needs the record",
      previewCouponPush: "the segment is read by the members module, which judges its fields",
      pushCoupon: "the segment is read by the members module, which judges its fields",
      setCouponSignupGift: "couponId is an id or null, which the schema checks whole",
      claimMyCoupon: "claimToken is resolved by lookup; the schema checks its shape whole",
      changeOrderPrice:
        "amounts are integers with a minimum and reason a text, all checked whole by the schema",
      rejectOrderCancellation: "reason is a text the schema checks whole",
      requestMyOrderCancellation: "reason is a text the schema checks whole",
      closePaidOrder: "refund is a boolean and reason a text, which the schema checks whole",
      registerCustomer: "customerId and referrerId are bounded texts the schema checks whole",
      blacklistCustomer: "reason is an optional bounded text the schema checks whole",
      adjustCustomerPoints:
        "delta is an integer and note a bounded text, checked by the schema; non-zero and the balance are core's rules on the stored account",
      updateMemberLevel:
        "the fields are core's level rules applied to the stored level merged with the patch (the default keeps threshold 0)",
      createMemberTag: "name is a bounded text the schema checks whole",
      renameMemberTag: "name is a bounded text the schema checks whole",
      importPrizeCdkKeys:
        "text is read line by line by the import, which reports its lines; the schema checks it is text",
      addPrizeStock: "units is one integer the schema checks whole; its range is core's rule",
      bindActivityBatchPackage: "packageId is an id the schema checks whole",
      refundOrder:
        "amount is an integer from 1 and the texts are bounded, all checked whole by the schema; what is left to refund is core's rule on the stored order",
    };
    const bodyRoutes = routes.filter((route: Route) => route.body !== undefined);
    const unexplained = bodyRoutes
      .filter((route) => route.coreCheck === undefined && !(route.operationId in withoutCoreCheck))
      .map((route) => route.operationId);
    expect(unexplained).toEqual([]);
    const tested = new Set(
      CASES.map(
        ([method, path]) =>
          `${method} ${path.replace(/\/(m|p|r|e|s|b|l|t|o|c|d)(?=\/|$)/g, "/{}")}`,
      ),
    );
    const checked = bodyRoutes
      .filter((route) => route.coreCheck !== undefined)
      .map((route) => `${route.method} ${route.path.replace(/\{\w+\}/g, "{}")}`);
    expect(checked.filter((route) => !tested.has(route))).toEqual([]);
  });
});
