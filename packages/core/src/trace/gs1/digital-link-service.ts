import type { LotOmission } from "../../catalog/gs1-keys.js";
import type { CodeLevel } from "../../codes/code-package.js";
import { urlOf } from "../../codes/csv-export.js";
import { notFound } from "../../kernel/errors.js";
import { requireCapability } from "../../kernel/permissions/access-check.js";
import type { TenantContext } from "../../kernel/tenant.js";
import { codeFromScan } from "../scans/scan-input.js";
import type { TraceRuntime } from "../trace-runtime.js";
import { parseDigitalLink } from "./digital-link.js";
import { epcOf, gs1KeyPath, printedLink } from "./gs1-naming.js";
import { packageNaming } from "./package-naming.js";

/** A code's GS1 identity: what its printed Digital Link says and how EPCIS names it. */
export interface CodeDigitalLink {
  readonly code: string;
  readonly packageId: string;
  /** Position in the package, 1..total. */
  readonly serial: number;
  readonly level: CodeLevel;
  /** The batch the code's package is bound to, or `null` before binding. */
  readonly batchId: string | null;
  /**
   * The Digital Link to print: GS1 key on the brand's origin, lot (AI 10)
   * and expiry (AI 17) of the bound batch, the code as `oc`; `null` when the
   * code's level has no GS1 key (the product has no GTIN, or a packaging
   * level was given none).
   */
  readonly digitalLink: string | null;
  /** The GS1 key alone as canonical Digital Link URI, as EPCIS names the code (or its private URI). */
  readonly epc: string;
  /** The GTIN-14 (AI 01) of the code's level, or `null`. */
  readonly gtin: string | null;
  /** The SSCC (AI 00) of a packaging code named by SSCC, or `null`. */
  readonly sscc: string | null;
  /** The AI 21 serial (with a GTIN), or `null`. */
  readonly aiSerial: string | null;
  /** AI 10 printed in the link, or `null`. */
  readonly lot: string | null;
  /** Why the bound batch's number is not printed as AI 10 (`length` over 20, `charset` outside set 82). */
  readonly lotOmitted: LotOmission | null;
  /** AI 17 printed in the link (`YYMMDD`), or `null`. */
  readonly expiry: string | null;
  /** The plain code URL (uploaded URL, or prefix + code). */
  readonly codeUrl: string;
}

/** GS1 Digital Links of codes (`onecode.digitalLinks`). Needs `codes.read`. */
export interface DigitalLinkService {
  /**
   * A code's Digital Link and GS1 identity; `code` may be a bare code, a
   * code URL or a Digital Link. `NOT_FOUND` for a code the tenant does not
   * have.
   *
   * @example
   * ```ts
   * const { digitalLink } = await onecode.digitalLinks.forCode(ctx, "Xy7Kp2mQ9rT4vW8z");
   * // "https://t.acme.example/01/06901234567892/10/20260401-A/21/<serial>?17=270401&oc=Xy7Kp2mQ9rT4vW8z"
   * ```
   */
  forCode(ctx: TenantContext, code: string): Promise<CodeDigitalLink>;
}

/** Builds `onecode.digitalLinks`. */
export function digitalLinkService(runtime: TraceRuntime): DigitalLinkService {
  const { storage } = runtime.ports;
  return {
    async forCode(ctx, code) {
      requireCapability(ctx, "codes.read");
      const wanted = typeof code === "string" ? (codeFromScan(code) ?? code) : "";
      const record = await storage.codePackages.findCode(ctx.tenantId, wanted);
      if (!record) throw notFound("code", wanted, "code");
      const pkg = await storage.codePackages.get(ctx.tenantId, record.packageId);
      if (!pkg) throw notFound("code", wanted, "code");
      const [naming, batchId] = await Promise.all([
        packageNaming(runtime, ctx.tenantId, pkg),
        storage.traceBatches.batchOfPackage(ctx.tenantId, pkg.id),
      ]);
      const keyed = gs1KeyPath(naming, record.serial) !== null && naming.origin !== "";
      const link = keyed ? printedLink(naming, record) : null;
      const parsed = link === null ? null : parseDigitalLink(link);
      return {
        code: record.code,
        packageId: record.packageId,
        serial: record.serial,
        level: record.level,
        batchId,
        digitalLink: link,
        epc: epcOf(naming, record.serial),
        gtin: parsed?.gtin ?? null,
        sscc: parsed?.sscc ?? null,
        aiSerial: parsed?.serial ?? null,
        lot: parsed?.lot ?? null,
        lotOmitted: naming.lotOmitted,
        expiry: parsed?.expiry ?? null,
        codeUrl: urlOf(record, naming.prefix),
      };
    },
  };
}
