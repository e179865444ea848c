import { describe, expect, it } from "vitest";
import { memoryStorage } from "../memory/memory-storage.js";
import type { CodeRecord } from "./code-package.js";
import { codesTestKit, collect, interceptStorage } from "./codes-test-kit.js";

describe("generation jobs: roles, tenants and readiness", () => {
  it("need admin to generate or run, any staff role to read the package, codes.export to read its codes, and refuse actors without one", async () => {
    const kit = await codesTestKit();
    const { onecode, staff, admin, platform } = kit;
    const rule = await kit.quickRule();
    const inspector = staff("acme", "inspector");
    const input = {
      merchantId: platform.id,
      codeType: "single" as const,
      rules: { item: rule.id },
      quantity: 2,
    };
    await expect(onecode.codePackages.generate(inspector, input)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const pkg = await onecode.codePackages.generate(admin, input);
    await expect(onecode.codePackages.runJob(inspector, pkg.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const done = await onecode.codePackages.waitFor(inspector, pkg.id);
    expect(done.status).toBe("succeeded");
    expect((await onecode.codePackages.get(inspector, pkg.id)).total).toBe(2);
    // The codes themselves need codes.export, which only admins hold among today's roles.
    const exportNeeded = { code: "FORBIDDEN", details: { capability: "codes.export" } };
    await expect(onecode.codePackages.listCodes(inspector, pkg.id)).rejects.toMatchObject(
      exportNeeded,
    );
    await expect(collect(onecode.codePackages.exportCsv(inspector, pkg.id))).rejects.toMatchObject(
      exportNeeded,
    );
    const operator = staff("acme", "stock_operator");
    await expect(onecode.codePackages.listCodes(operator, pkg.id)).rejects.toMatchObject(
      exportNeeded,
    );
    const [first] = (await onecode.codePackages.listCodes(admin, pkg.id)).items;
    await expect(
      onecode.codePackages.codeUrl(inspector, first as CodeRecord),
    ).rejects.toMatchObject(exportNeeded);
    expect(await collect(onecode.codePackages.exportCsv(admin, pkg.id))).toHaveLength(2);
    const roleless = staff("acme");
    const forbidden = { code: "FORBIDDEN" };
    await expect(onecode.codePackages.get(roleless, pkg.id)).rejects.toMatchObject(forbidden);
    await expect(onecode.codePackages.list(roleless)).rejects.toMatchObject(forbidden);
    await expect(onecode.codePackages.waitFor(roleless, pkg.id)).rejects.toMatchObject(forbidden);
    await expect(collect(onecode.codePackages.watch(roleless, pkg.id))).rejects.toMatchObject(
      forbidden,
    );
    await expect(onecode.codePackages.listCodes(roleless, pkg.id)).rejects.toMatchObject(forbidden);
    await expect(collect(onecode.codePackages.exportCsv(roleless, pkg.id))).rejects.toMatchObject(
      forbidden,
    );
    await expect(onecode.codeRules.list(roleless)).rejects.toMatchObject(forbidden);
    await expect(onecode.codeRules.get(roleless, rule.id)).rejects.toMatchObject(forbidden);
    await expect(onecode.printOrders.list(roleless)).rejects.toMatchObject(forbidden);
    await expect(
      onecode.printOrders.quote(roleless, { packageIds: [pkg.id], finish: "plain" }),
    ).rejects.toMatchObject(forbidden);
  });

  it("hide one tenant's packages from every call of another", async () => {
    const kit = await codesTestKit();
    const { onecode, staff, admin, platform } = kit;
    const rule = await kit.quickRule();
    const pkg = await onecode.codePackages.generate(admin, {
      merchantId: platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 2,
    });
    await onecode.codePackages.waitFor(admin, pkg.id);
    const other = staff("globex", "admin");
    const notFound = { code: "NOT_FOUND" };
    await expect(onecode.codePackages.get(other, pkg.id)).rejects.toMatchObject(notFound);
    await expect(onecode.codePackages.waitFor(other, pkg.id)).rejects.toMatchObject(notFound);
    await expect(collect(onecode.codePackages.watch(other, pkg.id))).rejects.toMatchObject(
      notFound,
    );
    await expect(onecode.codePackages.runJob(other, pkg.id)).rejects.toMatchObject(notFound);
    await expect(onecode.codePackages.listCodes(other, pkg.id)).rejects.toMatchObject(notFound);
    await expect(collect(onecode.codePackages.exportCsv(other, pkg.id))).rejects.toMatchObject(
      notFound,
    );
    await expect(
      onecode.codePackages.generate(other, {
        merchantId: platform.id,
        codeType: "single",
        rules: { item: rule.id },
        quantity: 1,
      }),
    ).rejects.toMatchObject(notFound);
    expect((await onecode.codePackages.list(other)).items).toEqual([]);
    const [row] = (await onecode.codePackages.listCodes(admin, pkg.id)).items;
    await expect(onecode.codePackages.codeUrl(other, row as CodeRecord)).rejects.toMatchObject(
      notFound,
    );
    expect(await onecode.codePackages.codeUrl(admin, row as CodeRecord)).toBe(
      `https://t.acme.example/c/${row?.code}`,
    );
  });

  it("refuse to list or export codes of a job that has not run", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 2,
    });
    const notReady = { code: "PACKAGE_NOT_READY", details: { id: pkg.id, status: "queued" } };
    await expect(kit.onecode.codePackages.listCodes(kit.admin, pkg.id)).rejects.toMatchObject(
      notReady,
    );
    await expect(
      collect(kit.onecode.codePackages.exportCsv(kit.admin, pkg.id)),
    ).rejects.toMatchObject(notReady);
    expect((await kit.onecode.codePackages.runJob(kit.admin, pkg.id)).status).toBe("succeeded");
    const page = await kit.onecode.codePackages.listCodes(kit.admin, pkg.id, { limit: 1 });
    expect(page.nextAfterSerial).toBe(1);
    const rest = await kit.onecode.codePackages.listCodes(kit.admin, pkg.id, { afterSerial: 1 });
    expect(rest.items.map((row) => row.serial)).toEqual([2]);
    expect(rest.nextAfterSerial).toBeNull();
    await expect(
      kit.onecode.codePackages.listCodes(kit.admin, pkg.id, { limit: 10_001 }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("stop watching quietly on abort, and reject waitFor with the abort reason", async () => {
    const kit = await codesTestKit({ codes: { autoRun: false } });
    const rule = await kit.quickRule();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 2,
    });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const progress of kit.onecode.codePackages.watch(kit.admin, pkg.id, {
      signal: controller.signal,
      pollMs: 1,
    })) {
      seen.push(progress.status);
      controller.abort(new Error("client went away"));
    }
    expect(seen).toEqual(["queued"]);
    const waiting = kit.onecode.codePackages.waitFor(kit.admin, pkg.id, {
      signal: AbortSignal.abort(new Error("stop")),
    });
    await expect(waiting).rejects.toThrow("stop");
  });

  it("resolve code URLs with one storage lookup per package, not per code", async () => {
    const reads: string[] = [];
    const storage = interceptStorage(memoryStorage(), (repository, method, _args, call) => {
      reads.push(`${repository}.${method}`);
      return call();
    });
    const kit = await codesTestKit({ storage });
    const rule = await kit.quickRule();
    const pkg = await kit.onecode.codePackages.generate(kit.admin, {
      merchantId: kit.platform.id,
      codeType: "single",
      rules: { item: rule.id },
      quantity: 20,
    });
    await kit.onecode.codePackages.waitFor(kit.admin, pkg.id);
    const { items } = await kit.onecode.codePackages.listCodes(kit.admin, pkg.id);
    reads.length = 0;
    const urls = await Promise.all(
      items.map((record) => kit.onecode.codePackages.codeUrl(kit.admin, record)),
    );
    expect(urls[3]).toBe(`https://t.acme.example/c/${items[3]?.code}`);
    expect(reads).toEqual(["codePackages.get", "merchants.get"]);
    reads.length = 0;
    await kit.onecode.codePackages.codeUrl(kit.admin, items[1] as CodeRecord);
    expect(reads).toEqual([]);
  });
});
