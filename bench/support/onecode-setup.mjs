// The benchmarks' data, made through the reference server's public API: a
// merchant, a product, a rule, one package of codes (the draw benchmark
// stops there), and for the scan benchmark a trace batch with the package
// bound, active.
import { BENCH_RULE } from "./bench-options.mjs";

/** An HTTP client of the admin API at `base` with a bearer `token`. */
export function adminApi(base, token) {
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return path.endsWith(".csv") ? response.text() : response.json();
  };
}

/**
 * Creates through `api` (from adminApi) a merchant, a product, the bench
 * rule (BENCH_RULE) and one package of `codeCount` codes, waits for its
 * generation and exports its codes. Resolves with the merchant, the
 * product, the package and the codes as the API returns them.
 */
export async function createCodePackage(api, codeCount) {
  const merchant = await api("POST", "/v1/merchants", {
    name: "Bench Merchant",
    codeSource: "platform",
    urlPrefixes: ["https://t.example.com/c/"],
  });
  const product = await api("POST", "/v1/products", {
    merchantId: merchant.id,
    name: "龙井 Bench 250g",
  });
  const rule = await api("POST", "/v1/code-rules", {
    mode: "custom",
    merchantId: merchant.id,
    name: BENCH_RULE.name,
    length: BENCH_RULE.length,
    segments: BENCH_RULE.segments,
    serials: BENCH_RULE.serials,
  });
  let pkg = await api("POST", "/v1/code-packages", {
    merchantId: merchant.id,
    productId: product.id,
    codeType: "single",
    rules: { item: rule.id },
    quantity: codeCount,
  });
  while (pkg.status !== "succeeded") {
    if (pkg.status === "failed") throw new Error(`generation failed: ${pkg.failureReason}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    pkg = await api("GET", `/v1/code-packages/${pkg.id}`);
  }
  const csv = await api("GET", `/v1/code-packages/${pkg.id}/codes.csv`);
  const codes = csv
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(",")[2]);
  if (codes.length !== codeCount)
    throw new Error(`expected ${codeCount} codes, got ${codes.length}`);
  return { merchant, product, pkg, codes };
}

/**
 * Creates the benchmark's catalog through `api` (from adminApi), `codeCount`
 * codes in one package, in an active batch numbered `BENCH-<suffix>`.
 * Resolves with the codes, the product and the batch as the API returns them.
 */
export async function createScanData(api, codeCount, suffix) {
  const { product, pkg, codes } = await createCodePackage(api, codeCount);
  const created = await api("POST", "/v1/trace-batches", {
    batchNumber: `BENCH-${suffix}`,
    productId: product.id,
    productionDate: "2026-05-01",
    shelfLifeDays: 365,
    customFields: [{ title: "产地", type: "text", content: "杭州", showOnScan: true }],
  });
  await api("POST", `/v1/trace-batches/${created.id}/packages`, { packageId: pkg.id });
  await api("POST", `/v1/trace-batches/${created.id}/status`, { status: "active" });
  const batch = await api("GET", `/v1/trace-batches/${created.id}`);
  return { codes, product, batch };
}
