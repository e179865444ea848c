import { createOneCode, tenantContext } from "@onecode/core";
import { createHandler, createOpenApiDocument } from "@onecode/http";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/migrate.js";
import { postgresStorage } from "../src/postgres-storage.js";
import { operationsWithInput, type TextProbe, textProbes } from "./support/route-probes.js";
import { databaseTargets, targetTitle } from "./support/targets.js";

const targets = await databaseTargets();
const document = createOpenApiDocument();
const probes = textProbes(document);

const admin = tenantContext("acme", { id: "alice", kind: "staff", roles: ["admin"] });
const buyer = tenantContext("acme", { id: "buyer-1", kind: "consumer" });

function requestOf(probe: TextProbe): Request {
  const headers: Record<string, string> = {};
  if (probe.auth === "staff") headers.authorization = "Bearer admin";
  if (probe.auth === "consumer") headers.authorization = "Bearer buyer";
  if (probe.body) headers["content-type"] = probe.body.contentType;
  return new Request(`http://test.local${probe.target}`, {
    method: probe.method,
    headers,
    body: probe.body?.content,
  });
}

describe("the route walk", () => {
  it("probes every operation that takes input, through the document the route table builds", () => {
    const probed = new Set(probes.map((probe) => probe.operation));
    expect([...probed].sort()).toEqual(operationsWithInput(document).sort());
    // Spot checks that nested fields, keys and the public scan's optional ids are walked.
    const titles = probes.map((probe) => `${probe.operation}: ${probe.title}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        "POST /v1/public/scans: NUL in body field visitorId",
        "POST /v1/public/scans: lone surrogate in body field userId",
        "POST /v1/trace-batches: NUL in body field customFields.0.title",
        "POST /v1/code-packages/uploads: NUL in query parameter fileName",
        "GET /v1/merchants/{merchantId}: lone surrogate in path parameter merchantId",
        "POST /v1/merchants: NUL in a body key",
      ]),
    );
  });
});

for (const target of targets) {
  describe.skipIf(target.skip)(targetTitle("unstorable text over HTTP", target), () => {
    it("answers every probe with 400 VALIDATION_FAILED naming the field, and nothing else", async () => {
      const { db } = await target.fresh();
      await migrate(db);
      const storage = postgresStorage({ db });
      const failures: unknown[] = [];
      const handler = createHandler(createOneCode({ storage }), {
        authenticate: async (request) => {
          const token = request.headers.get("authorization");
          return token === "Bearer admin" ? admin : token === "Bearer buyer" ? buyer : null;
        },
        onError: (error) => failures.push(error),
      });
      const wrong: string[] = [];
      for (const probe of probes) {
        const response = await handler(requestOf(probe));
        const problem = (await response.json()) as {
          code?: string;
          errors?: { field: string; rule: string }[];
        };
        const named = problem.errors?.some(
          (issue) => issue.field === probe.field && issue.rule === probe.rule,
        );
        if (response.status !== 400 || problem.code !== "VALIDATION_FAILED" || !named) {
          wrong.push(
            `${probe.operation} ${probe.title}: ${response.status} ${JSON.stringify(problem)}`,
          );
        }
      }
      expect(wrong).toEqual([]);
      expect(failures).toEqual([]);
      await storage.close();
      await db.destroy();
    });
  });
}
