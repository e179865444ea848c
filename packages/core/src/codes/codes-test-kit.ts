import type { Merchant } from "../catalog/merchant.js";
import { createOneCode, type OneCode } from "../create-one-code.js";
import { ManualClock } from "../kernel/clock.js";
import { seededRandom } from "../kernel/random.js";
import { type Role, type TenantContext, tenantContext } from "../kernel/tenant.js";
import { memoryHotState } from "../memory/memory-hot-state.js";
import { memoryStorage } from "../memory/memory-storage.js";
import type { HotState } from "../ports/hot-state.js";
import type { Storage, StorageRepositories } from "../ports/storage.js";
import type { CodePackage } from "./code-package.js";
import type { CodesOptions } from "./code-services.js";

/** Options of {@link codesTestKit}. */
export interface CodesTestKitOptions {
  readonly codes?: CodesOptions;
  readonly storage?: Storage;
  readonly hotState?: HotState;
  readonly clock?: ManualClock;
  readonly seed?: string;
}

/** A deterministic OneCode on memory ports with a platform and an external merchant. */
export async function codesTestKit(options: CodesTestKitOptions = {}) {
  const clock = options.clock ?? new ManualClock("2026-05-01T08:00:00Z");
  const onecode: OneCode = createOneCode({
    clock,
    random: seededRandom(options.seed ?? "codes-tests"),
    storage: options.storage ?? memoryStorage(),
    hotState: options.hotState ?? memoryHotState({ clock }),
    codes: { pollMs: 5, ...options.codes },
  });
  const staff = (tenantId: string, ...roles: Role[]): TenantContext =>
    tenantContext(tenantId, { id: `${tenantId}-staff`, kind: "staff", roles });
  const admin = staff("acme", "admin");
  const platform: Merchant = await onecode.merchants.create(admin, {
    name: "Acme Tea",
    codeSource: "platform",
    urlPrefixes: ["https://t.acme.example/c/"],
  });
  const external: Merchant = await onecode.merchants.create(admin, {
    name: "Acme Imports",
    codeSource: "external",
    urlPrefixes: ["https://own.example/q/", "https://own.example/q/v2/", "https://alt.example/?c="],
  });
  const quickRule = (charset: "digits" | "letters" | "mixed" = "mixed", length = 24) =>
    onecode.codeRules.createQuick(admin, {
      merchantId: platform.id,
      charset,
      length,
      serials: true,
    });
  /** Starts a single-level generation job of `quantity` codes with the rule. */
  const generateSingle = (ruleId: string, quantity: number, ctx: TenantContext = admin) =>
    onecode.codePackages.generate(ctx, {
      merchantId: platform.id,
      codeType: "single",
      rules: { item: ruleId },
      quantity,
    });
  /** Every code of a package, in serial order. */
  const allCodes = async (pkg: CodePackage, ctx: TenantContext = admin) => {
    const rows = [];
    let afterSerial = 0;
    for (;;) {
      const page = await onecode.codePackages.listCodes(ctx, pkg.id, {
        afterSerial,
        limit: 10_000,
      });
      rows.push(...page.items);
      if (page.nextAfterSerial === null) return rows;
      afterSerial = page.nextAfterSerial;
    }
  };
  return { onecode, clock, staff, admin, platform, external, quickRule, generateSingle, allCodes };
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
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

/** Sees every repository call of an intercepted storage; `call` runs the real one. */
export type StorageInterceptor = (
  repository: string,
  method: string,
  args: unknown[],
  call: () => Promise<unknown>,
) => Promise<unknown>;

/**
 * Wraps a storage so every repository call (also inside transactions) goes
 * through `intercept`: to count, fail or race calls in tests.
 */
export function interceptStorage(storage: Storage, intercept: StorageInterceptor): Storage {
  const wrap = (repositories: StorageRepositories): StorageRepositories => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, repository] of Object.entries(repositories)) {
      if (typeof repository !== "object" || repository === null) continue;
      wrapped[name] = Object.fromEntries(
        Object.entries(repository as Record<string, (...args: unknown[]) => Promise<unknown>>).map(
          ([method, fn]) => [
            method,
            (...args: unknown[]) => intercept(name, method, args, () => fn(...args)),
          ],
        ),
      );
    }
    return wrapped as unknown as StorageRepositories;
  };
  return {
    ...wrap(storage),
    transaction: (work) => storage.transaction((tx) => work(wrap(tx))),
    close: () => storage.close(),
  };
}

/**
 * A "process" whose storage and locks stop answering after `chunks` chunk
 * writes, as if it died: nothing it did afterwards reaches shared state.
 */
export function dyingProcess(storage: Storage, hotState: HotState, chunks: number) {
  let written = 0;
  let dead = false;
  const died = () => new Error("process died");
  const dyingStorage = interceptStorage(storage, async (_repository, method, _args, call) => {
    if (dead) throw died();
    const result = (await call()) as { outcome?: string };
    if (method === "writeChunk" && result.outcome === "written" && ++written === chunks)
      dead = true;
    return result;
  });
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) =>
      dead ? Promise.reject(died()) : fn(...args);
  const dyingHotState: HotState = {
    ...hotState,
    locks: {
      acquire: guard(hotState.locks.acquire),
      renew: guard(hotState.locks.renew),
      release: guard(hotState.locks.release),
    },
  };
  return { storage: dyingStorage, hotState: dyingHotState };
}

/**
 * Stores a succeeded upload package of `total` single codes of the merchant
 * (no product unless overridden), as a finished upload leaves it: a
 * package other modules' tests bind without generating codes.
 */
export async function storedUploadPackage(
  onecode: OneCode,
  owner: { readonly tenantId: string; readonly merchantId: string },
  total = 40,
  overrides: Partial<CodePackage> = {},
): Promise<CodePackage> {
  const now = new Date(onecode.ports.clock.nowMs()).toISOString();
  const pkg: CodePackage = {
    id: onecode.ports.ids.newId("pkg"),
    tenantId: owner.tenantId,
    merchantId: owner.merchantId,
    productId: null,
    source: "uploaded",
    codeType: "single",
    ratio: null,
    associated: false,
    rules: null,
    quantity: total,
    total,
    done: total,
    status: "succeeded",
    failureReason: null,
    failureCode: null,
    hasSerials: false,
    reservedSequences: {},
    fileName: "codes.csv",
    createdAt: now,
    updatedAt: now,
    finishedAt: now,
    ...overrides,
  };
  const result = await onecode.ports.storage.codePackages.insert(pkg);
  if (result.outcome !== "inserted") throw new Error(`package fixture: ${result.outcome}`);
  return pkg;
}
