/**
 * Prize kinds (奖品类型):
 * - `cdk`: redemption keys imported from text, handed out strictly in file order, each once;
 * - `physical`: the winner gives name, phone and address; the brand ships;
 * - `cash_red_packet`: paid to the winner through the payment port from funds frozen at
 *   purchase; unclaimed after 24 hours the money returns to the brand;
 * - `points`: member points credited to the winner;
 * - `coupon`: one coupon of a published coupon batch given to the winner.
 */
export type PrizeKind = "cdk" | "physical" | "cash_red_packet" | "points" | "coupon";

/** Every {@link PrizeKind}. */
export const PRIZE_KINDS: readonly PrizeKind[] = Object.freeze([
  "cdk",
  "physical",
  "cash_red_packet",
  "points",
  "coupon",
]);

/**
 * Funds set aside for a prize stock through the payment port (a hold): a
 * cash red packet's money, or a purchased prize's cost. Settled to the
 * payee as prizes are claimed; what is left unclaimed is released.
 */
export interface PrizeFunds {
  /** The payment provider's hold id (from `freeze`), `null` until the freeze succeeded. */
  readonly holdId: string | null;
  /** `frozen`: the hold succeeded; `pending`: the provider decides later; `failed`: nothing was frozen. */
  readonly status: "frozen" | "pending" | "failed";
  /** Minor units frozen: stock × unit amount. */
  readonly frozen: number;
  /** Minor units paid out by settled claims. */
  readonly settled: number;
  /** Minor units returned to the brand (unclaimed red packets). */
  readonly released: number;
}

/** A purchased prize (采购奖品): what one unit cost and whom its cost is paid to at claim. */
export interface PrizePurchase {
  /** Minor units per unit, positive. */
  readonly unitCost: number;
  /** The payee of the settlement (the supplier's account at the provider). */
  readonly supplier: string;
}

/**
 * A prize stock (奖品库存): one kind of prize with its total stock, parts of
 * which are allocated to campaign slots (sub-stocks).
 */
export interface Prize {
  readonly tenantId: string;
  /** `prz_…` from the ids port. */
  readonly id: string;
  /** 1-60 characters. */
  readonly name: string;
  /** How to redeem or claim it, up to 2,000 characters. */
  readonly description: string;
  readonly coverImage: string | null;
  readonly detailImage: string | null;
  readonly kind: PrizeKind;
  /** Units in all. For `cdk` it is the number of keys imported. */
  readonly totalStock: number;
  /** Units allocated to campaign slots (the sum of their allocations); never above `totalStock`. */
  readonly allocated: number;
  /** Where the winner goes after claiming; an absolute `http(s)` URL (scheme included), or `null`. */
  readonly redirectUrl: string | null;
  /** `cash_red_packet`: minor units per packet; `null` otherwise. */
  readonly cashAmount: number | null;
  /** `points`: points per win; `null` otherwise. */
  readonly points: number | null;
  /** `coupon`: the published coupon a win gives one of; `null` otherwise. */
  readonly couponId: string | null;
  /** A purchased prize (never a cash red packet), or `null` for the brand's own. */
  readonly purchase: PrizePurchase | null;
  /** Frozen funds of a cash red packet or a purchased prize, else `null`. */
  readonly funds: PrizeFunds | null;
  /** `cdk`: keys handed out so far (the next key is line `cdkHandedOut + 1` of the import order). */
  readonly cdkHandedOut: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input of `prizes.create`. */
export interface PrizeInput {
  readonly name: string;
  readonly description?: string;
  readonly coverImage?: string | null;
  readonly detailImage?: string | null;
  readonly kind: PrizeKind;
  /** Required for every kind but `cdk` (whose stock is the keys imported). */
  readonly totalStock?: number;
  readonly redirectUrl?: string | null;
  readonly cashAmount?: number;
  readonly points?: number;
  readonly couponId?: string;
  readonly purchase?: PrizePurchase | null;
  /** `cdk`: the key file's text, one key per line. */
  readonly cdkText?: string;
}

/** What can change of a prize after creation (presentation only). */
export interface PrizePatch {
  readonly name?: string;
  readonly description?: string;
  readonly coverImage?: string | null;
  readonly detailImage?: string | null;
  readonly redirectUrl?: string | null;
}

/** What importing CDK text did: keys added in file order, and the lines left out. */
export interface CdkImportReport {
  /** Keys added. */
  readonly imported: number;
  /** 1-based line numbers that were blank (whitespace only). */
  readonly blankLines: readonly number[];
  /** Lines whose key appeared before (in the file or in the stock), with the line it first appeared on (`null`: imported earlier). */
  readonly duplicateLines: readonly { readonly line: number; readonly firstLine: number | null }[];
}

/** A prize with the CDK import report of its creation or last import. */
export interface PrizeWithImport {
  readonly prize: Prize;
  readonly cdkImport: CdkImportReport | null;
}

/** A sub-stock: the part of a prize allocated to one campaign slot. */
export interface PrizeSubStock {
  readonly campaignId: string;
  readonly campaignTitle: string;
  readonly slot: number;
  readonly allocated: number;
  readonly won: number;
}
