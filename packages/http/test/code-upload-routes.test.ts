import { describe, expect, it } from "vitest";
import { codePackageSchema } from "../src/schemas/code-package-schemas.js";
import { createMerchant } from "./support/codes-fixtures.js";
import { createTestApp, type TestApp } from "./support/test-app.js";
import { buildZip } from "./support/zip-build.js";

const PREFIX = "https://ext.example/q/";
const urls = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${PREFIX}EXT${String(from + i).padStart(6, "0")}`);

async function externalMerchant(app: TestApp) {
  return createMerchant(app, { codeSource: "external", urlPrefixes: [PREFIX] });
}

function upload(
  app: TestApp,
  query: string,
  body: string | Uint8Array,
  contentType: string,
  extra: { token?: string; headers?: Record<string, string> } = {},
) {
  return app.call("POST", `/v1/code-packages/uploads?${query}`, {
    token: extra.token,
    rawBody: body,
    headers: { "content-type": contentType, ...extra.headers },
  });
}

async function importedCodes(app: TestApp, packageId: string): Promise<string[]> {
  const listing = await app.call("GET", `/v1/code-packages/${packageId}/codes?limit=1000`);
  return (listing.json.items as { url: string }[]).map((item) => item.url);
}

describe("code uploads", () => {
  it("imports a CSV of code URLs: BOM, CRLF and a last line without newline", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const lines = urls(1, 5);
    const body = `\uFEFF${lines.join("\r\n")}`;
    const reply = await upload(
      app,
      `merchantId=${merchantId}&fileName=batch-1.csv`,
      body,
      "text/csv",
    );
    expect(reply.status, reply.text).toBe(201);
    const pkg = codePackageSchema.parse(reply.json);
    expect(pkg).toMatchObject({
      source: "uploaded",
      status: "succeeded",
      total: 5,
      fileName: "batch-1.csv",
      hasSerials: false,
    });
    expect(reply.headers.get("location")).toBe(`/v1/code-packages/${pkg.id}`);
    expect(await importedCodes(app, pkg.id)).toEqual(lines);

    const csv = await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv`);
    expect(csv.text.split("\r\n")[1]).toBe(`,item,EXT000001,${lines[0]},`);
  });

  it("imports OneCode's own CSV with its header, sent as text/plain with a charset", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const lines = urls(10, 3);
    const body = [
      "serial,level,code,url,parent_code",
      ...lines.map((url, i) => `${i + 1},item,${url.slice(PREFIX.length)},${url},`),
      "",
    ].join("\n");
    const reply = await upload(app, `merchantId=${merchantId}`, body, "text/plain; charset=UTF-8");
    expect(reply.status, reply.text).toBe(201);
    expect(reply.json).toMatchObject({ total: 3, fileName: "upload.csv" });
    expect(await importedCodes(app, reply.json.id)).toEqual(lines);
  });

  it("imports a ZIP of CSV files in entry order, skipping folders and macOS clutter", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const header = "serial,level,code,url,parent_code";
    const row = (url: string) => `,item,${url.slice(PREFIX.length)},${url},`;
    const zip = await buildZip({
      "codes/": "",
      "codes/a.csv": [header, ...urls(1, 3).map(row)].join("\r\n"),
      "codes/b.csv": [header, ...urls(4, 2).map(row)].join("\r\n"),
      "__MACOSX/codes/._a.csv": "binary junk",
      "codes/.DS_Store": "junk",
    });
    const reply = await upload(
      app,
      `merchantId=${merchantId}&fileName=batch.zip`,
      zip,
      "application/zip",
    );
    expect(reply.status, reply.text).toBe(201);
    expect(reply.json).toMatchObject({ total: 5, fileName: "batch.zip" });
    expect(await importedCodes(app, reply.json.id)).toEqual(urls(1, 5));
  });

  it("rejects a file with bad lines as a whole: 422 with line numbers, nothing imported", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const good = urls(1, 3);
    const body = [
      good[0],
      "https://elsewhere.example/q/EXT9",
      good[1],
      "not a url",
      good[0],
      good[2],
    ].join("\n");
    const reply = await upload(app, `merchantId=${merchantId}&fileName=bad.csv`, body, "text/csv");
    expect(reply.status).toBe(422);
    expect(reply.headers.get("content-type")).toBe("application/problem+json");
    expect(reply.json).toMatchObject({ code: "UPLOAD_REJECTED", status: 422 });
    expect(reply.json.errors.map((error: { line: number }) => error.line)).toEqual([2, 4, 5]);
    for (const error of reply.json.errors) {
      expect(Object.keys(error).sort()).toEqual(["line", "message", "rule"]);
      expect(error.message).toContain(`line ${error.line}`);
    }
    expect(reply.json.details).toMatchObject({ errorCount: 3 });
    expect(reply.json.details.errors).toBeUndefined();

    // Nothing was imported: the good codes can still be uploaded, and no package succeeded.
    const packages = await app.call(
      "GET",
      `/v1/code-packages?merchantId=${merchantId}&status=succeeded`,
    );
    expect(packages.json.items).toEqual([]);
    const retry = await upload(app, `merchantId=${merchantId}`, good.join("\n"), "text/csv");
    expect(retry.status).toBe(201);
    const duplicate = await upload(
      app,
      `merchantId=${merchantId}`,
      `${urls(50, 1)[0]}\n${good[1]}`,
      "text/csv",
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.json.errors).toEqual([
      expect.objectContaining({ line: 2, rule: "code_exists" }),
    ]);
  });

  it("names the ZIP entry and its own line in a rejection", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const zip = await buildZip({
      "a.csv": urls(1, 3).join("\n"),
      "b.csv": [urls(4, 1)[0], "ftp://nope"].join("\n"),
    });
    const reply = await upload(app, `merchantId=${merchantId}`, zip, "application/zip");
    expect(reply.status).toBe(422);
    expect(reply.json.errors).toEqual([
      expect.objectContaining({ file: "b.csv", line: 2, rule: "url" }),
    ]);
    expect(reply.json.errors[0].message).toMatch(/^b\.csv line 2:/);
    expect(reply.json.detail).toContain("b.csv line 2:");
  });

  it("rejects a ZIP whose entry does not match its CRC-32, naming the entry, and imports nothing", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const zip = await buildZip(
      { "good.csv": urls(1, 2).join("\n"), "codes.csv": urls(3, 2).join("\n") },
      { store: true },
    );
    // Damage one stored byte: the line still reads as a valid code URL, only the checksum can tell.
    const text = new TextDecoder("latin1").decode(zip);
    const at = text.indexOf("EXT000004");
    expect(at).toBeGreaterThan(0);
    zip[at + 8] = "9".charCodeAt(0);

    const reply = await upload(
      app,
      `merchantId=${merchantId}&fileName=damaged.zip`,
      zip,
      "application/zip",
    );
    expect(reply.status, reply.text).toBe(422);
    expect(reply.json.code).toBe("UPLOAD_REJECTED");
    expect(reply.json.errors).toEqual([
      {
        line: 0,
        file: "codes.csv",
        rule: "zip_crc",
        message: "codes.csv: the content does not match the entry's CRC-32; the ZIP is damaged",
      },
    ]);
    const [pkg] = (await app.call("GET", "/v1/code-packages")).json.items;
    expect(pkg).toMatchObject({ fileName: "damaged.zip", status: "rejected", total: 0 });
    const listed = await app.call("GET", `/v1/code-packages/${pkg.id}/codes`);
    expect(listed.json.code).toBe("PACKAGE_NOT_READY");

    // The same archive undamaged imports all four codes.
    zip[at + 8] = "4".charCodeAt(0);
    const intact = await upload(app, `merchantId=${merchantId}`, zip, "application/zip");
    expect(intact.status, intact.text).toBe(201);
    expect(intact.json.total).toBe(4);
  });

  it("refuses nested, non-CSV, oversized and unreadable ZIPs with 400 naming the entry", async () => {
    const app = createTestApp({ maxUploadBytes: 4096 });
    const merchantId = await externalMerchant(app);
    const inner = await buildZip({ "x.csv": urls(1, 1)[0] ?? "" });
    const cases: [Uint8Array, string, string][] = [
      [await buildZip({ "a.csv": "x", "inner.zip": inner }), "zip_nested", "inner.zip"],
      [await buildZip({ "a.csv": "x", "photo.png": "png" }), "zip_entry_type", "photo.png"],
      [await buildZip({ "big.csv": "x".repeat(5000) }), "zip_entry_size", "big.csv"],
      [
        await buildZip({ "a.csv": "x".repeat(3000), "b.csv": "y".repeat(3000) }),
        "zip_total_size",
        "entries",
      ],
      [await buildZip({ "folder/": "" }), "zip_empty", "CSV"],
      [new TextEncoder().encode("PK\u0003\u0004 definitely not a zip"), "zip", "ZIP"],
    ];
    for (const [zip, rule, named] of cases) {
      const reply = await upload(app, `merchantId=${merchantId}`, zip, "application/zip");
      expect(reply.status, rule).toBe(400);
      expect(reply.json.code, rule).toBe("VALIDATION_FAILED");
      expect(reply.json.errors, rule).toEqual([expect.objectContaining({ field: "body", rule })]);
      expect(reply.json.errors[0].message, rule).toContain(named);
    }
    expect((await app.call("GET", "/v1/code-packages")).json.items).toEqual([]);
  });

  it("refuses invalid UTF-8 naming the line, 415 for other media types and 413 past the upload limit", async () => {
    const app = createTestApp({ maxUploadBytes: 1000, maxBodyBytes: 100 });
    const merchantId = await externalMerchant(app);
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(`${urls(1, 1)[0]}\n`),
      0x45,
      0xe9,
      0x0a,
    ]);
    const invalid = await upload(app, `merchantId=${merchantId}`, latin1, "text/csv");
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors).toEqual([
      { field: "body", rule: "utf8", message: "body line 2 is not valid UTF-8 text" },
    ]);

    for (const contentType of [
      "application/json",
      "application/octet-stream",
      "text/csv; charset=gbk",
      "",
    ]) {
      const reply = await upload(app, `merchantId=${merchantId}`, "x", contentType);
      expect(reply.status, contentType).toBe(415);
      expect(reply.json.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(reply.json.details.expected).toEqual(["text/csv", "text/plain", "application/zip"]);
    }

    // Bigger than the JSON limit is fine: uploads have their own limit.
    const fits = await upload(app, `merchantId=${merchantId}`, urls(1, 20).join("\n"), "text/csv");
    expect(fits.status, fits.text).toBe(201);
    const announced = await upload(app, `merchantId=${merchantId}`, "x".repeat(1001), "text/csv", {
      headers: { "content-length": "1001" },
    });
    expect(announced.status).toBe(413);
    expect(announced.json).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { limit: 1000 } });
    // A chunked body is cut off while streaming, and nothing of it is imported.
    const encoder = new TextEncoder();
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode(`${urls(100 + sent, 1)[0]}\n`));
        sent++;
      },
    });
    const streamed = await upload(
      app,
      `merchantId=${merchantId}`,
      endless as unknown as Uint8Array,
      "text/csv",
    );
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(100);
    const zipTooBig = await upload(
      app,
      `merchantId=${merchantId}`,
      new Uint8Array(1500),
      "application/zip",
    );
    expect(zipTooBig.status).toBe(413);
    expect((await app.call("GET", "/v1/code-packages?status=succeeded")).json.items).toHaveLength(
      1,
    );
  });

  it("checks the query, the merchant's code source, the role and the tenant", async () => {
    const app = createTestApp();
    const merchantId = await externalMerchant(app);
    const body = urls(1, 2).join("\n");
    const missing = await upload(app, "fileName=a.csv", body, "text/csv");
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      expect.objectContaining({ field: "merchantId", rule: "required" }),
    ]);
    const platform = await createMerchant(app, { name: "Platform" });
    const mismatch = await upload(app, `merchantId=${platform}`, body, "text/csv");
    expect(mismatch.status).toBe(409);
    expect(mismatch.json.code).toBe("CODE_SOURCE_MISMATCH");
    const inspector = await upload(app, `merchantId=${merchantId}`, body, "text/csv", {
      token: "acme-inspector",
    });
    expect(inspector.status).toBe(403);
    const foreign = await upload(app, `merchantId=${merchantId}`, body, "text/csv", {
      token: "globex-admin",
    });
    expect(foreign.status).toBe(404);
    const unauthenticated = await app.call(
      "POST",
      `/v1/code-packages/uploads?merchantId=${merchantId}`,
      {
        token: null,
        rawBody: body,
        headers: { "content-type": "text/csv" },
      },
    );
    expect(unauthenticated.status).toBe(401);
  });
});
