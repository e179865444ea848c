import { describe, expect, it } from "vitest";
import { bodyBytes, fetchRaw, generatePackage } from "./support/codes-fixtures.js";
import { gs1ElementString, isValidDigitalLink } from "./support/gs1-libraries.js";
import { expectedModules, modulesOfPng } from "./support/qr-check.js";
import {
  catalog,
  createBatch,
  createTraceApp,
  expectStatus,
  packageCodes,
  publicScan,
} from "./support/trace-fixtures.js";
import { readZip } from "./support/zip-read.js";

/** A single package of three codes (of a product with a GTIN unless told) bound to a batch (lot LJ-2026-001, expiry 2027-04-01). */
async function boundPackage(options: { gtin?: boolean } = {}) {
  const app = createTraceApp();
  const { merchantId, ruleId, productId } = await catalog(app);
  const product =
    options.gtin === false
      ? expectStatus(
          await app.call("POST", "/v1/products", { body: { merchantId, name: "Plain tea" } }),
          201,
        ).json.id
      : productId;
  const pkg = await generatePackage(app, {
    merchantId,
    productId: product,
    codeType: "single",
    rules: { item: ruleId },
    quantity: 3,
  });
  const batch = await createBatch(app, product);
  expectStatus(
    await app.call("POST", `/v1/trace-batches/${batch.id}/packages`, {
      body: { packageId: pkg.id },
    }),
    200,
  );
  return { app, pkg, batch };
}

describe("Digital Link routes and print files", () => {
  it("answers a code's Digital Link with lot and expiry, which GS1's toolkit reads back", async () => {
    const { app, pkg } = await boundPackage();
    const [first] = await packageCodes(app, pkg.id);
    const reply = expectStatus(
      await app.call("GET", `/v1/codes/${encodeURIComponent(first?.code as string)}/digital-link`),
      200,
    );
    const link = reply.json.digitalLink as string;
    expect(isValidDigitalLink(link)).toBe(true);
    expect(gs1ElementString(link)).toMatch(
      /^\(01\)06901234567892\(10\)LJ-2026-001\(21\)[0-9a-z]{15}-1\(17\)270401$/,
    );
    expect(new URL(link).searchParams.get("oc")).toBe(first?.code);
    expect(reply.json).toMatchObject({ lot: "LJ-2026-001", expiry: "270401", level: "item" });
    expect(gs1ElementString(reply.json.epc)).toBe(`(01)06901234567892(21)${reply.json.aiSerial}`);
    expect(reply.json.epc).not.toContain(first?.code);
    const foreign = await app.call("GET", `/v1/codes/${first?.code}/digital-link`, {
      token: "globex-admin",
    });
    expect(foreign.status).toBe(404);
  });

  it("prints CSV, ZIP and QR images with Digital Links on request", async () => {
    const { app, pkg } = await boundPackage();
    const codes = await packageCodes(app, pkg.id);
    const csv = expectStatus(
      await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv?url=digital_link`),
      200,
    ).text;
    const rows = csv
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(","));
    expect(rows.map((row) => row[2])).toEqual(codes.map((code) => code.code));
    for (const row of rows) {
      const link = row[3] as string;
      expect(isValidDigitalLink(link), link).toBe(true);
      expect(gs1ElementString(link)).toMatch(/^\(01\)06901234567892\(10\)LJ-2026-001\(21\)/);
      expect(new URL(link).searchParams.get("oc")).toBe(row[2]);
    }
    const zip = await readZip(
      await bodyBytes(
        await fetchRaw(app, `/v1/code-packages/${pkg.id}/codes.zip?url=digital_link`),
      ),
    );
    expect(new TextDecoder().decode(zip[0]?.data)).toBe(csv);

    const link = rows[0]?.[3] as string;
    const png = await bodyBytes(
      await fetchRaw(app, `/v1/code-packages/${pkg.id}/codes/1.png?url=digital_link&scale=2`),
    );
    const expected = expectedModules(link);
    expect(modulesOfPng(png, expected.length).modules).toEqual(expected);
    const svg = expectStatus(
      await app.call("GET", `/v1/code-packages/${pkg.id}/codes/1.svg?url=digital_link`),
      200,
    ).text;
    expect(svg).toContain(`<title>${link.replaceAll("&", "&#38;")}</title>`);
    // Without the parameter, print files keep the code URL.
    const plain = expectStatus(await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv`), 200);
    expect(plain.text).toContain(`https://t.acme.example/c/${codes[0]?.code}`);
  });

  it("refuses the Digital Link form with 400 before any byte when the product has no GTIN", async () => {
    const { app, pkg } = await boundPackage({ gtin: false });
    for (const path of [
      `/v1/code-packages/${pkg.id}/codes.csv?url=digital_link`,
      `/v1/code-packages/${pkg.id}/images.zip?url=digital_link`,
      `/v1/code-packages/${pkg.id}/codes/1.svg?url=digital_link`,
    ]) {
      const reply = await app.call("GET", path);
      expect(reply.status, path).toBe(400);
      expect(reply.json.code, path).toBe("VALIDATION_FAILED");
      expect(reply.text, path).toContain("gs1_key_required");
    }
  });

  it("verifies a scanned Digital Link only when its key and its code name the same item", async () => {
    const { app, pkg, batch } = await boundPackage();
    await app.call("POST", `/v1/trace-batches/${batch.id}/status`, { body: { status: "active" } });
    const [first, second] = await packageCodes(app, pkg.id);
    const linkOf = async (code: string) =>
      (await app.call("GET", `/v1/codes/${code}/digital-link`)).json as {
        digitalLink: string;
        aiSerial: string;
      };
    const own = await linkOf(first?.code as string);
    const other = await linkOf(second?.code as string);
    const scan = async (code: string) =>
      expectStatus(await publicScan(app, { tenantId: "acme", code }), 200).json;
    expect((await scan(own.digitalLink)).verdict).toBe("genuine");
    const swapped = own.digitalLink.replace(own.aiSerial, other.aiSerial);
    expect(await scan(swapped)).toMatchObject({
      verdict: "unverified",
      product: null,
      batch: null,
    });
    const keyOnly = own.digitalLink.replace(/&oc=.*$/, "");
    expect(isValidDigitalLink(keyOnly)).toBe(true);
    expect(await scan(keyOnly)).toMatchObject({
      verdict: "unverified",
      product: { gtin: "06901234567892" },
      batch: { batchNumber: "LJ-2026-001" },
      scans: null,
    });
  });
});
