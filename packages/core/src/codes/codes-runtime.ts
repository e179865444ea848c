import type { CorePorts } from "../core-ports.js";
import { notFound } from "../kernel/errors.js";
import type { TypedEmitter } from "../kernel/event-emitter.js";
import type {
  CodePackage,
  CodePackageProgress,
  CodePackageStatus,
  CodeRecord,
} from "./code-package.js";
import type { ResolvedCodesOptions } from "./codes-options.js";
import type { JobLifecycle } from "./job-lifecycle.js";

/** In-process events of the codes module. */
export interface CodesEvents {
  /** A package's status or progress changed in this process. */
  readonly progress: { readonly tenantId: string; readonly progress: CodePackageProgress };
}

/**
 * Names a package's codes as printed GS1 Digital Links: a function per code,
 * or `null` when no level of the package has a GS1 key. The trace module
 * provides it (it knows the batch a package is bound to, hence lot and
 * expiry); `createOneCode` wires it in.
 */
export type DigitalLinkNamer = (
  tenantId: string,
  packageId: string,
) => Promise<((record: CodeRecord) => string) | null>;

/** What the codes use cases share: the ports, the resolved options and the event emitter. */
export interface CodesRuntime {
  readonly ports: CorePorts;
  /** Print files in Digital Link form; absent, they refuse that form. */
  readonly digitalLinks?: DigitalLinkNamer;
  readonly options: ResolvedCodesOptions;
  /** The tenant's IANA time zone (its settings, else `options.timeZone`), for `date` segments. */
  readonly timeZoneOf: (tenantId: string) => Promise<string>;
  readonly events: TypedEmitter<CodesEvents>;
  /** The jobs running in this process, stopped by `onecode.close()`. */
  readonly jobs: JobLifecycle;
}

/** Statuses a package ends in; only an operator retry (`codePackages.retry`) takes a failed job out of `failed`. */
export const FINAL_PACKAGE_STATUSES: readonly CodePackageStatus[] = [
  "succeeded",
  "failed",
  "rejected",
];

/** True for `succeeded`, `failed` and `rejected`. */
export function isFinalStatus(status: CodePackageStatus): boolean {
  return FINAL_PACKAGE_STATUSES.includes(status);
}

/** The progress view of a package. */
export function progressOf(pkg: CodePackage): CodePackageProgress {
  return {
    packageId: pkg.id,
    status: pkg.status,
    done: pkg.done,
    total: pkg.total,
    failureReason: pkg.failureReason,
    failureCode: pkg.failureCode,
  };
}

/** Tells in-process watchers about the package's current state. */
export function publishProgress(runtime: CodesRuntime, pkg: CodePackage): void {
  runtime.events.emit("progress", { tenantId: pkg.tenantId, progress: progressOf(pkg) });
}

/** The package, or `NOT_FOUND`. */
export async function requirePackage(
  runtime: CodesRuntime,
  tenantId: string,
  id: string,
): Promise<CodePackage> {
  const pkg = await runtime.ports.storage.codePackages.get(tenantId, id);
  if (!pkg) throw notFound("code package", id);
  return pkg;
}

/** Lets queued I/O and timers run between chunks of a long job. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );
}
