import type { Product } from "../../catalog/product.js";
import type { CodePackage, CodeRecord, NewGenerationInput } from "../../codes/code-package.js";
import { createOneCode, type OneCode } from "../../create-one-code.js";
import { ManualClock } from "../../kernel/clock.js";
import { seededRandom } from "../../kernel/random.js";
import { type Role, type TenantContext, tenantContext } from "../../kernel/tenant.js";
import { memoryHotState } from "../../memory/memory-hot-state.js";
import { memoryStorage } from "../../memory/memory-storage.js";
import { type GeoRange, staticGeo } from "../../memory/static-geo.js";
import type { HotState } from "../../ports/hot-state.js";
import type { Storage } from "../../ports/storage.js";
import type { TraceBatch } from "../batches/trace-batch.js";
import type { TraceOptions } from "../trace-services.js";
import type { Enterprise, NewEnterpriseInput } from "./distribution.js";

/** Client addresses of the kit's geo table. */
export const IPS = Object.freeze({
  guangdong: "113.108.1.1",
  zhejiang: "60.191.1.1",
  beijing: "123.112.1.1",
  shanghai: "101.80.1.1",
  unknown: "8.8.8.8",
});

const GEO: readonly GeoRange[] = [
  { cidr: "113.108.0.0/16", region: "CN-GD" },
  { cidr: "60.191.0.0/16", region: "CN-ZJ" },
  { cidr: "123.112.0.0/16", region: "CN-BJ" },
  { cidr: "101.80.0.0/16", region: "CN-SH" },
];

/** A valid GTIN-13 (check digit 2). */
export const KIT_GTIN = "6901234567892";

/** Options of {@link distributionTestKit}. */
export interface DistributionTestKitOptions {
  readonly trace?: TraceOptions;
  readonly storage?: Storage;
  readonly hotState?: HotState;
}

/**
 * A deterministic OneCode on memory ports with a geo table, a platform
 * merchant, a product with a GTIN and a quick rule, plus helpers to make
 * packages, active batches, an enterprise tree and staff contexts.
 */
export async function distributionTestKit(options: DistributionTestKitOptions = {}) {
  const clock = new ManualClock("2026-05-01T08:00:00Z");
  const storage = options.storage ?? memoryStorage();
  const hotState = options.hotState ?? memoryHotState({ clock });
  const onecode: OneCode = createOneCode({
    clock,
    random: seededRandom("distribution-tests"),
    storage,
    hotState,
    geo: staticGeo(GEO),
    codes: { pollMs: 5 },
    ...(options.trace && { trace: options.trace }),
  });
  const staff = (tenantId: string, ...roles: Role[]): TenantContext =>
    tenantContext(tenantId, { id: `${tenantId}-staff`, kind: "staff", roles });
  const admin = staff("acme", "admin");
  const merchant = await onecode.merchants.create(admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const product: Product = await onecode.products.create(admin, {
    merchantId: merchant.id,
    name: "龙井 Longjing",
    specification: "250g/box",
    gtin: KIT_GTIN,
  });
  const plainProduct: Product = await onecode.products.create(admin, {
    merchantId: merchant.id,
    name: "No GTIN tea",
  });
  const rule = await onecode.codeRules.createQuick(admin, {
    merchantId: merchant.id,
    charset: "mixed",
    length: 16,
    serials: true,
  });

  /** Generates a package and waits for it; returns it with every code in serial order. */
  const makePackage = async (
    input: Partial<NewGenerationInput> = {},
  ): Promise<{ pkg: CodePackage; codes: CodeRecord[] }> => {
    const queued = await onecode.codePackages.generate(admin, {
      merchantId: merchant.id,
      productId: product.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 10,
      ...input,
    });
    const pkg = await onecode.codePackages.waitFor(admin, queued.id);
    const listing = await onecode.codePackages.listCodes(admin, pkg.id, { limit: 10_000 });
    return { pkg, codes: listing.items };
  };

  let batchNumber = 0;
  /** A batch of `product` (or the given one) with the packages bound, then activated unless told otherwise. */
  const makeBatch = async (
    packageIds: readonly string[],
    settings: { status?: "inactive" | "active" | "frozen"; productId?: string } = {},
  ): Promise<TraceBatch> => {
    let batch = await onecode.traceBatches.create(admin, {
      batchNumber: `B-${++batchNumber}`,
      productId: settings.productId ?? product.id,
      productionDate: "2026-04-01",
      shelfLifeDays: 365,
      customFields: [
        { title: "产地 Origin", type: "text", content: "杭州 Hangzhou", showOnScan: true },
        { title: "Internal", type: "text", content: "QA lot 7", showOnScan: false },
      ],
    });
    for (const id of packageIds)
      batch = await onecode.traceBatches.bindPackage(admin, batch.id, id);
    const status = settings.status ?? "active";
    if (status !== "inactive")
      batch = await onecode.traceBatches.setStatus(admin, batch.id, "active");
    if (status === "frozen")
      batch = await onecode.traceBatches.setStatus(admin, batch.id, "frozen");
    return batch;
  };

  const enterprise = (input: Partial<NewEnterpriseInput> = {}): Promise<Enterprise> =>
    onecode.distribution.createEnterprise(admin, {
      name: "Enterprise",
      salesRegion: "CN-GD",
      ...input,
    });

  /** factory (CN-ZJ) → distributor (CN-GD) → retailer (CN-GD), and a second distributor (CN-BJ). */
  const makeTree = async () => {
    const factory = await enterprise({ name: "工厂 Factory", salesRegion: "CN-ZJ" });
    const distributor = await enterprise({ name: "广东经销商", parentId: factory.id });
    const retailer = await enterprise({ name: "Retailer", parentId: distributor.id });
    const northern = await enterprise({
      name: "Beijing distributor",
      parentId: factory.id,
      salesRegion: "CN-BJ",
    });
    return { factory, distributor, retailer, northern };
  };

  let operators = 0;
  /** A staff member with the roles, stored in the tenant, and a context acting as them. */
  const member = async (roles: Role[], enterpriseIds: string[] = []) => {
    const stored = await onecode.distribution.createStaff(admin, {
      loginName: `operator_${++operators}`,
      roles,
      enterpriseIds,
    });
    return tenantContext("acme", { id: stored.id, kind: "staff", roles });
  };

  return {
    onecode,
    clock,
    storage,
    hotState,
    staff,
    admin,
    merchant,
    product,
    plainProduct,
    rule,
    makePackage,
    makeBatch,
    enterprise,
    makeTree,
    member,
  };
}

/** The rejection of a promise (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
