import type { CodeLevel, CodePackage } from "../../codes/code-package.js";
import { type PackageLayout, packageLayout } from "../../codes/package-layout.js";
import { codeRangeOf } from "../code-subtree.js";
import type { AggregationLink, SerialSegment } from "./aggregation.js";

/** What the aggregation of a package is computed from. */
export type AggregatedPackage = Pick<
  CodePackage,
  "id" | "codeType" | "ratio" | "quantity" | "associated"
>;

/**
 * The parent/child structure of an associated package as it is now: the
 * layout's, changed by the links of unpacked and re-packed codes. Built
 * from the links of the serials it is asked about (see `readAggregation`).
 */
export class CurrentAggregation {
  readonly layout: PackageLayout;
  readonly #links: ReadonlyMap<number, number | null>;
  readonly #linkedChildren = new Map<number, number[]>();

  constructor(
    readonly pkg: AggregatedPackage,
    links: readonly AggregationLink[],
  ) {
    this.layout = packageLayout(pkg.codeType, pkg.ratio, pkg.quantity);
    this.#links = new Map(links.map((link) => [link.serial, link.parentSerial]));
    for (const { serial, parentSerial } of links) {
      if (parentSerial === null) continue;
      const children = this.#linkedChildren.get(parentSerial) ?? [];
      children.push(serial);
      this.#linkedChildren.set(parentSerial, children);
    }
  }

  levelOf(serial: number): CodeLevel {
    return this.layout.levelOf(serial);
  }

  /** Whether codes of this level hold other codes (outer, middle). */
  isPackaging(serial: number): boolean {
    const level = this.levelOf(serial);
    return this.pkg.associated && (level === "outer" || level === "middle");
  }

  /** The level a packaging code's children have. */
  childLevelOf(serial: number): CodeLevel | null {
    if (!this.isPackaging(serial)) return null;
    return this.levelOf(serial) === "outer" && this.pkg.codeType === "three-level"
      ? "middle"
      : "inner";
  }

  /** How many children the layout gives a packaging code (its capacity). */
  capacityOf(serial: number): number {
    return this.#layoutChildren(serial).length;
  }

  /** The serials of everything the layout puts beneath the code (itself first). */
  layoutSpan(serial: number): SerialSegment {
    const { fromSerial, toSerial } = codeRangeOf(this.pkg, { serial });
    return { fromSerial, toSerial };
  }

  /** The code's current parent serial, `null` when loose or top-level. */
  parentOf(serial: number): number | null {
    if (this.#links.has(serial)) return this.#links.get(serial) ?? null;
    return this.pkg.associated ? this.layout.parentOf(serial) : null;
  }

  /** Whether the code sits under the parent its layout gives it. */
  isLayoutParent(serial: number, parentSerial: number | null): boolean {
    return (this.pkg.associated ? this.layout.parentOf(serial) : null) === parentSerial;
  }

  /** The code's current children, ascending. */
  childrenOf(serial: number): number[] {
    if (!this.isPackaging(serial)) return [];
    const stayed = this.#layoutChildren(serial).filter((child) => !this.#links.has(child));
    const joined = this.#linkedChildren.get(serial) ?? [];
    return [...stayed, ...joined].sort((a, b) => a - b);
  }

  /** The code and everything currently beneath it, ascending. */
  subtreeOf(serial: number): number[] {
    const serials = [serial];
    for (let next = 0; next < serials.length; next++) {
      serials.push(...this.childrenOf(serials[next] as number));
    }
    return serials.sort((a, b) => a - b);
  }

  #layoutChildren(serial: number): number[] {
    const span = this.layoutSpan(serial);
    const children: number[] = [];
    for (let child = span.fromSerial + 1; child <= span.toSerial; child++) {
      if (this.layout.parentOf(child) === serial) children.push(child);
    }
    return children;
  }
}
