import type { CodePackage, CodeRecord } from "../../codes/code-package.js";
import { OneCodeError } from "../../kernel/errors.js";
import type { TenantContext } from "../../kernel/tenant.js";
import type { StorageRepositories } from "../../ports/storage.js";
import type {
  StockDocument,
  StockDocumentItem,
  StockScanResult,
} from "../distribution/distribution.js";
import type { MoveConditions } from "../distribution/ports.js";
import { holdersOf } from "../distribution/stock-flow.js";
import type { SerialSegment } from "./aggregation.js";
import { CurrentAggregation } from "./current-aggregation.js";
import { readAggregation } from "./read-aggregation.js";
import { segmentsOf, serialCount } from "./serial-segments.js";

/** What one stock scan moves: serial segments, and the aggregation version they were read at. */
export interface StockMovePlan {
  readonly segments: readonly SerialSegment[];
  /** Set when the segments depend on the package's aggregation (a packaging code). */
  readonly aggregationVersion: number | undefined;
}

/** Attempts of a stock scan that keeps meeting concurrent re-packs of its unit. */
const MAX_ATTEMPTS = 5;

/**
 * The serials a stock scan of the code moves: an item code (and every code
 * of a package without aggregation) only itself; a packaging code itself
 * and everything currently beneath it, with re-packed children and
 * without unpacked ones.
 */
export async function planStockMove(
  storage: Pick<StorageRepositories, "aggregation">,
  tenantId: string,
  pkg: CodePackage,
  serial: number,
): Promise<StockMovePlan> {
  if (!new CurrentAggregation(pkg, []).isPackaging(serial)) {
    return { segments: [{ fromSerial: serial, toSerial: serial }], aggregationVersion: undefined };
  }
  const view = await readAggregation(storage.aggregation, tenantId, pkg, [serial]);
  return {
    segments: segmentsOf(view.aggregation.subtreeOf(serial)),
    aggregationVersion: view.version ?? undefined,
  };
}

/** What {@link moveScannedCode} needs besides storage. */
export interface StockMoveRequest {
  readonly ctx: TenantContext;
  readonly document: StockDocument;
  readonly record: CodeRecord;
  readonly pkg: CodePackage;
  readonly scannedAt: string;
  /** Ids for the `destroyed` entries a destruction records, one per segment. */
  readonly newEntryId: () => string;
}

/** Documents that may move void and recalled codes: they take goods back or out of the market. */
function allowsVoided(document: Pick<StockDocument, "outboundType">): boolean {
  return document.outboundType === "return" || document.outboundType === "destruction";
}

/**
 * Moves a scanned code (and, for a packaging code, its current contents)
 * into an open document, all or nothing. The contents are read, then moved
 * on condition that the package's aggregation did not change meanwhile; a
 * concurrent unpack or repack makes it read again. Void and recalled codes
 * move only in returns and destructions (`CODE_VOIDED`); a destruction
 * records its codes as destroyed. Errors: `HOLDER_MISMATCH`,
 * `INVALID_STATE_TRANSITION` (closed document), `CODE_VOIDED`.
 */
export async function moveScannedCode(
  storage: Pick<StorageRepositories, "aggregation" | "stock">,
  request: StockMoveRequest,
): Promise<StockScanResult> {
  const { ctx, document, record, pkg } = request;
  const { expected, next } = holdersOf(document);
  const destroys = document.outboundType === "destruction";
  for (let attempt = 1; ; attempt++) {
    const plan = await planStockMove(storage, ctx.tenantId, pkg, record.serial);
    const items: StockDocumentItem[] = plan.segments.map((segment) => ({
      tenantId: ctx.tenantId,
      documentId: document.id,
      range: { packageId: pkg.id, ...segment },
      code: record.code,
      scannedBy: ctx.actor.id,
      scannedAt: request.scannedAt,
    }));
    const conditions: MoveConditions = {
      ...(plan.segments.length > 1 && { segments: plan.segments }),
      ...(plan.aggregationVersion !== undefined && {
        aggregationVersion: plan.aggregationVersion,
      }),
      refuseVoided: !allowsVoided(document),
      ...(destroys && { destroys: { entryIds: plan.segments.map(() => request.newEntryId()) } }),
    };
    const first = items[0] as StockDocumentItem;
    const result = await storage.stock.moveCodes(ctx.tenantId, first, expected, next, conditions);
    switch (result.outcome) {
      case "moved":
        return { document: result.document, item: first, items, moved: result.count };
      case "aggregation_changed":
        if (attempt < MAX_ATTEMPTS) continue;
        throw holderMismatch(record, document, expected, serialCount(plan.segments), first);
      case "voided":
        throw new OneCodeError(
          "CODE_VOIDED",
          `${record.code} (or a code beneath it) is void or recalled; only returns and destructions move it`,
          { code: record.code, documentId: document.id, entryId: result.entryId },
        );
      case "document_not_open":
        throw closedDocument(document.id);
      case "holder_mismatch":
        throw holderMismatch(record, document, expected, result.mismatched, first);
    }
  }
}

/** `INVALID_STATE_TRANSITION` for a scan into a closed document. */
export function closedDocument(documentId: string): OneCodeError<"INVALID_STATE_TRANSITION"> {
  return new OneCodeError("INVALID_STATE_TRANSITION", `stock document ${documentId} is closed`, {
    id: documentId,
    status: "closed",
    to: "scan",
  });
}

function holderMismatch(
  record: CodeRecord,
  document: StockDocument,
  expected: string | undefined,
  mismatched: number,
  item: StockDocumentItem,
): OneCodeError<"HOLDER_MISMATCH"> {
  return new OneCodeError(
    "HOLDER_MISMATCH",
    `${mismatched} code(s) of ${record.code} are not held by ${expected ?? "nobody"} (held elsewhere, or moved by a concurrent scan); nothing moved`,
    {
      code: record.code,
      documentId: document.id,
      expectedHolder: expected ?? null,
      mismatched,
      range: item.range,
    },
  );
}
