import { createOneCode } from "@onecode/core";
import { describe, expect, it } from "vitest";
import {
  codeListingSchema,
  codePackagePageSchema,
  codePackageProgressSchema,
  codePackageSchema,
} from "../src/schemas/code-package-schemas.js";
import {
  createMerchant,
  createQuickRule,
  fetchRaw,
  generatePackage,
  waitForPackage,
} from "./support/codes-fixtures.js";
import { createTestApp } from "./support/test-app.js";

interface ParsedEvent {
  event: string;
  data: unknown;
}

/** Reads a Server-Sent Events body to its end, parsing events and counting comments. */
async function readEvents(
  response: Response,
): Promise<{ events: ParsedEvent[]; comments: number }> {
  const text = await response.text();
  const events: ParsedEvent[] = [];
  let comments = 0;
  for (const block of text.split("\n\n").filter((part) => part !== "")) {
    if (block.startsWith(":")) {
      comments++;
      continue;
    }
    const lines = Object.fromEntries(
      block
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
    );
    events.push({ event: lines.event as string, data: JSON.parse(lines.data as string) });
  }
  return { events, comments };
}

describe("code package routes", () => {
  it("runs a job: 202 with Location, progress by polling and by SSE until succeeded", async () => {
    const app = createTestApp({
      onecode: createOneCode({ codes: { autoRun: true, chunkSize: 500 } }),
    });
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const started = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 5000 },
    });
    expect(started.status, started.text).toBe(202);
    const queued = codePackageSchema.parse(started.json);
    expect(queued).toMatchObject({ status: "queued", total: 5000, done: 0, source: "generated" });
    expect(started.headers.get("location")).toBe(`/v1/code-packages/${queued.id}`);

    const response = await fetchRaw(app, `/v1/code-packages/${queued.id}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-cache");
    const { events } = await readEvents(response);
    const progress = events.filter((event) => event.event === "progress");
    expect(progress.length).toBeGreaterThan(2);
    const done = progress.map((event) => codePackageProgressSchema.parse(event.data).done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(events.at(-1)).toEqual({
      event: "done",
      data: {
        packageId: queued.id,
        status: "succeeded",
        done: 5000,
        total: 5000,
        failureReason: null,
        failureCode: null,
      },
    });
    expect(events.at(-2)).toEqual({ ...events.at(-1), event: "progress" });

    const final = await waitForPackage(app, queued.id);
    expect(final.json).toMatchObject({ status: "succeeded", done: 5000, total: 5000 });
    expect(final.json.finishedAt).toEqual(expect.any(String));
  });

  it("sends the current state and done at once for a finished package, and 404 as a problem", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "single",
      rules: { item: ruleId },
      quantity: 3,
    });
    const { events } = await readEvents(await fetchRaw(app, `/v1/code-packages/${pkg.id}/events`));
    expect(events.map((event) => event.event)).toEqual(["progress", "done"]);

    const missing = await fetchRaw(app, "/v1/code-packages/pkg_missing/events");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    const foreign = await fetchRaw(app, `/v1/code-packages/${pkg.id}/events`, {
      token: "globex-admin",
    });
    expect(foreign.status).toBe(404);
  });

  it("ends the event stream when the client disconnects", async () => {
    // Without autoRun the job stays queued: the stream would never end by itself.
    const app = createTestApp({ onecode: createOneCode({ codes: { autoRun: false } }) });
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const started = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 10 },
    });
    const client = new AbortController();
    const response = await fetchRaw(app, `/v1/code-packages/${started.json.id}/events`, {
      signal: client.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("event: progress");
    expect(first).toContain('"status":"queued"');
    client.abort();
    const next = await Promise.race([
      reader.read(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("stream kept open")), 2000)),
    ]);
    expect(next).toEqual({ done: true, value: undefined });
  });

  it("lists codes page by page in serial order, by level, with parents in associated packages", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "two-level",
      rules: { item: ruleId },
      ratio: { innerPerOuter: 4 },
      quantity: 3,
    });
    expect(pkg.total).toBe(15);
    const serials: number[] = [];
    let afterSerial: number | null = 0;
    while (afterSerial !== null) {
      const page = await app.call(
        "GET",
        `/v1/code-packages/${pkg.id}/codes?limit=4&afterSerial=${afterSerial}`,
      );
      expect(page.status, page.text).toBe(200);
      const listing = codeListingSchema.parse(page.json);
      serials.push(...listing.items.map((item) => item.serial));
      afterSerial = listing.nextAfterSerial;
    }
    expect(serials).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    const inner = codeListingSchema.parse(
      (await app.call("GET", `/v1/code-packages/${pkg.id}/codes?level=inner&limit=100`)).json,
    );
    expect(inner.items).toHaveLength(12);
    expect(inner.items.every((item) => item.level === "inner" && item.parentSerial !== null)).toBe(
      true,
    );
    expect(inner.items[0]).toMatchObject({
      serial: 2,
      parentSerial: 1,
      url: null,
      packageId: pkg.id,
    });

    for (const [query, field, rule] of [
      ["limit=0", "limit", "minimum"],
      ["limit=10001", "limit", "maximum"],
      ["afterSerial=-1", "afterSerial", "minimum"],
      ["afterSerial=x", "afterSerial", "type"],
      ["level=box", "level", "one_of"],
    ] as const) {
      const reply = await app.call("GET", `/v1/code-packages/${pkg.id}/codes?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.errors, query).toEqual([expect.objectContaining({ field, rule })]);
    }
  });

  it("lists packages with filters and refuses jobs over 1,000,000 codes naming quantity", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "single",
      rules: { item: ruleId },
      quantity: 2,
    });
    const page = codePackagePageSchema.parse(
      (await app.call("GET", `/v1/code-packages?merchantId=${merchantId}&status=succeeded`)).json,
    );
    expect(page.items.map((item) => item.id)).toEqual([pkg.id]);
    expect((await app.call("GET", "/v1/code-packages?status=running")).json.items).toEqual([]);
    expect((await app.call("GET", "/v1/code-packages?status=done")).status).toBe(400);

    const single = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 1_000_001 },
    });
    expect(single.status).toBe(400);
    expect(single.json.errors).toEqual([
      expect.objectContaining({ field: "quantity", rule: "range" }),
    ]);
    // 100,001 outer units of 1:9 make 1,000,010 codes: core counts all levels together.
    const packaged = await app.call("POST", "/v1/code-packages", {
      body: {
        merchantId,
        codeType: "two-level",
        rules: { item: ruleId },
        ratio: { innerPerOuter: 9 },
        quantity: 100_001,
      },
    });
    expect(packaged.status).toBe(400);
    expect(packaged.json.errors).toEqual([
      expect.objectContaining({ field: "quantity", rule: "max_codes_per_job" }),
    ]);
    expect(packaged.json.errors[0].message).toContain("1,000,010");
    expect((await app.call("GET", "/v1/code-packages")).json.items).toHaveLength(1);
  });

  it("names each invalid field of a generation job", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const job = {
      merchantId,
      codeType: "two-level",
      rules: { item: ruleId },
      ratio: { innerPerOuter: 10 },
      quantity: 5,
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...job, codeType: "pallet" }, "codeType", "one_of"],
      [{ ...job, ratio: undefined }, "ratio", "required"],
      [{ ...job, ratio: { innerPerOuter: 0 } }, "ratio.innerPerOuter", "range"],
      [
        { ...job, codeType: "three-level", ratio: { middlePerOuter: 3, innerPerOuter: 10 } },
        "ratio.innerPerOuter",
        "ratio_multiple",
      ],
      [{ ...job, quantity: 0 }, "quantity", "range"],
      [{ ...job, quantity: 1.5 }, "quantity", "type"],
      [{ ...job, rules: {} }, "rules.item", "required"],
      [{ ...job, rules: { item: "rul_missing" } }, "rules.item", "not_found"],
      [{ ...job, extra: 1 }, "extra", "unknown_field"],
    ];
    for (const [body, field, rule] of cases) {
      const reply = await app.call("POST", "/v1/code-packages", { body });
      const label = JSON.stringify(body);
      if (rule === "not_found") {
        expect(reply.status, label).toBe(404);
        continue;
      }
      expect(reply.status, label).toBe(400);
      expect(reply.json.errors, label).toContainEqual(expect.objectContaining({ field, rule }));
    }
  });

  it("keeps packages per tenant and lets only admins start jobs", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "single",
      rules: { item: ruleId },
      quantity: 2,
    });
    const globex = { token: "globex-admin" };
    for (const path of [
      `/v1/code-packages/${pkg.id}`,
      `/v1/code-packages/${pkg.id}/codes`,
      `/v1/code-packages/${pkg.id}/codes.csv`,
      `/v1/code-packages/${pkg.id}/codes.zip`,
      `/v1/code-packages/${pkg.id}/codes/1.png`,
      `/v1/code-packages/${pkg.id}/codes/1.svg`,
      `/v1/code-packages/${pkg.id}/sample.png`,
      `/v1/code-packages/${pkg.id}/sample.svg`,
      `/v1/code-packages/${pkg.id}/images.zip`,
    ]) {
      const reply = await app.call("GET", path, globex);
      expect(reply.status, path).toBe(404);
      expect(reply.json.code, path).toBe("NOT_FOUND");
    }
    expect((await app.call("GET", "/v1/code-packages", globex)).json.items).toEqual([]);
    const foreignJob = await app.call("POST", "/v1/code-packages", {
      ...globex,
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 1 },
    });
    expect(foreignJob.status).toBe(404);

    const inspector = await app.call("POST", "/v1/code-packages", {
      token: "acme-inspector",
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 1 },
    });
    expect(inspector.status).toBe(403);
    // Inspectors read the package but not its codes: downloads need codes.export.
    expect(
      (await app.call("GET", `/v1/code-packages/${pkg.id}`, { token: "acme-inspector" })).status,
    ).toBe(200);
    expect(
      (await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv`, { token: "acme-inspector" }))
        .status,
    ).toBe(403);
  });
});
