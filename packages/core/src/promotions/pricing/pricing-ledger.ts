/**
 * The running state of one pricing: each line's amount and the shipping
 * after the steps so far, and every reduction taken, split across the
 * lines it covers by the kernel's `allocateMoney` (weights = the line
 * amounts entering the reduction), so the lines always add up exactly.
 */
import { allocateMoney, money } from "../../kernel/money.js";
import type { AdjustmentSource } from "../../orders/order.js";
import type { PipelineLine, PricingStepName } from "./pricing-receipt.js";

/** One reduction taken, before it becomes a receipt entry. */
export interface TakenReduction {
  readonly step: Exclude<PricingStepName, "list">;
  readonly source: AdjustmentSource;
  readonly label: string;
  /** Minor units taken off each line, by line index (≥ 0). */
  readonly lineOff: readonly number[];
  /** Minor units taken off shipping (≥ 0). */
  readonly shippingOff: number;
}

/** Mutable amounts of one pricing; the pipeline's steps write to it. */
export class PricingLedger {
  /** Current amount of each line, minor units. */
  readonly amounts: number[];
  shipping: number;
  readonly taken: TakenReduction[] = [];

  constructor(
    readonly currency: string,
    lines: readonly PipelineLine[],
    shipping: number,
  ) {
    this.amounts = lines.map((line) => line.unitPrice * line.quantity);
    this.shipping = shipping;
  }

  /** Σ current amounts of the lines at `indexes`. */
  sum(indexes: readonly number[]): number {
    let total = 0;
    for (const index of indexes) total += this.amounts[index] as number;
    return total;
  }

  /** Σ current amounts of every line. */
  goods(): number {
    let total = 0;
    for (const amount of this.amounts) total += amount;
    return total;
  }

  /**
   * Takes `off` (capped at what the lines hold) off the lines at `indexes`,
   * in proportion to their current amounts; returns what was taken.
   */
  reduce(
    step: TakenReduction["step"],
    source: AdjustmentSource,
    label: string,
    off: number,
    indexes: readonly number[],
  ): number {
    const weights = indexes.map((index) => this.amounts[index] as number);
    const held = weights.reduce((sum, weight) => sum + weight, 0);
    const take = Math.min(Math.max(off, 0), held);
    if (take === 0) return 0;
    const lineOff = new Array<number>(this.amounts.length).fill(0);
    // One line takes it all; several share it by the kernel's exact split.
    const shares =
      indexes.length === 1
        ? [take]
        : allocateMoney(money(take, this.currency), weights).map((m) => m.amount);
    indexes.forEach((index, position) => {
      const share = shares[position] as number;
      lineOff[index] = share;
      this.amounts[index] = (this.amounts[index] as number) - share;
    });
    this.taken.push({ step, source, label, lineOff, shippingOff: 0 });
    return take;
  }

  /** Takes `off` (capped at the shipping left) off shipping; returns what was taken. */
  reduceShipping(
    step: TakenReduction["step"],
    source: AdjustmentSource,
    label: string,
    off: number,
  ): number {
    const take = Math.min(Math.max(off, 0), this.shipping);
    if (take === 0) return 0;
    this.shipping -= take;
    const lineOff = new Array<number>(this.amounts.length).fill(0);
    this.taken.push({ step, source, label, lineOff, shippingOff: take });
    return take;
  }
}
