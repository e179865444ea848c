import { OneCodeError } from "../../kernel/errors.js";
import type { Enterprise, InboundType, OutboundType, StockDocument } from "./distribution.js";

/** The flow rules of stock documents; `INVALID_FLOW` names the broken one in `details.rule`. */
export type FlowRule =
  /** Neither an outbound nor an inbound type. */
  | "type_required"
  /** An outbound type needs the issuing enterprise. */
  | "issuer_required"
  /** An inbound type, and outbound `sale`, `transfer` and `return`, need the receiving enterprise. */
  | "receiver_required"
  /** Inbound only: codes enter circulation at the receiver, so there is no issuer. */
  | "inbound_only_without_issuer"
  /** Destruction takes codes out of circulation: no receiver. */
  | "destruction_without_receiver"
  /** Inbound `production` brings new codes into circulation and cannot follow an outbound step. */
  | "production_is_inbound_only"
  /** `return` on one side needs `return` (or nothing) on the other. */
  | "return_pairing"
  /** Issuer and receiver are the same enterprise. */
  | "same_enterprise"
  /** Goods flow down to a direct child of the issuer only. */
  | "direct_child"
  /** Returns flow up to the issuer's parent only. */
  | "return_to_parent";

/** Outbound types that move goods to a receiver inside the tree. */
const RECEIVER_NEEDED: readonly OutboundType[] = ["sale", "transfer", "return"];

/** The parties of a stock document, resolved. */
export interface StockFlow {
  readonly outboundType: OutboundType | null;
  readonly inboundType: InboundType | null;
  readonly from: Pick<Enterprise, "id" | "parentId"> | null;
  readonly to: Pick<Enterprise, "id" | "parentId"> | null;
}

function broken(rule: FlowRule, message: string, flow: StockFlow): OneCodeError<"INVALID_FLOW"> {
  return new OneCodeError("INVALID_FLOW", message, {
    rule,
    outboundType: flow.outboundType,
    inboundType: flow.inboundType,
    fromEnterpriseId: flow.from?.id ?? null,
    toEnterpriseId: flow.to?.id ?? null,
  });
}

/**
 * Checks a stock document's flow (domain §2.3): goods move from an
 * enterprise to one of its direct children, or back up to its parent for
 * returns; inbound-only documents bring codes into circulation at the
 * receiver; outbound documents without a receiver take them out. Throws
 * `INVALID_FLOW` with `details.rule` (a {@link FlowRule}).
 */
export function checkStockFlow(flow: StockFlow): void {
  const { outboundType, inboundType, from, to } = flow;
  if (outboundType === null && inboundType === null) {
    throw broken("type_required", "a stock document needs an outbound or an inbound type", flow);
  }
  if (outboundType !== null && from === null) {
    throw broken("issuer_required", `outbound ${outboundType} needs fromEnterpriseId`, flow);
  }
  if (to === null && (inboundType !== null || RECEIVER_NEEDED.includes(outboundType ?? "other"))) {
    throw broken("receiver_required", "this document type needs toEnterpriseId", flow);
  }
  if (outboundType === null && from !== null) {
    throw broken(
      "inbound_only_without_issuer",
      "an inbound-only document brings codes into circulation at the receiver and has no issuer",
      flow,
    );
  }
  if (outboundType === "destruction" && to !== null) {
    throw broken("destruction_without_receiver", "destruction has no receiver", flow);
  }
  if (inboundType === "production" && outboundType !== null) {
    throw broken(
      "production_is_inbound_only",
      "inbound production brings new codes into circulation and cannot have an outbound type",
      flow,
    );
  }
  const returnSides = [outboundType, inboundType].filter((type) => type === "return").length;
  if (returnSides === 1 && outboundType !== null && inboundType !== null) {
    throw broken("return_pairing", "a return must be a return on both sides", flow);
  }
  if (from === null || to === null) return;
  if (from.id === to.id) {
    throw broken("same_enterprise", "issuer and receiver must be different enterprises", flow);
  }
  if (outboundType === "return" || inboundType === "return") {
    if (from.parentId !== to.id) {
      throw broken("return_to_parent", "returns go to the issuer's parent enterprise", flow);
    }
  } else if (to.parentId !== from.id) {
    throw broken("direct_child", "goods go to a direct child of the issuer only", flow);
  }
}

/**
 * Who must hold a document's codes before a scan moves them (`undefined`:
 * nobody yet, the codes enter circulation) and who holds them after
 * (`null`: nobody, they leave circulation).
 */
export function holdersOf(
  document: Pick<StockDocument, "outboundType" | "fromEnterpriseId" | "toEnterpriseId">,
): { readonly expected: string | undefined; readonly next: string | null } {
  return {
    expected: document.outboundType === null ? undefined : (document.fromEnterpriseId ?? undefined),
    next: document.toEnterpriseId,
  };
}
