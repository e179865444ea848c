import { invalidField } from "../../kernel/errors.js";
import type { StorageRepositories } from "../../ports/storage.js";
import { codeAtSerial, type ScannedCode } from "../scanned-code.js";
import type { AggregationAction, AggregationChange, SerialSegment } from "./aggregation.js";
import type { CurrentAggregation } from "./current-aggregation.js";
import type { AggregationRelink } from "./ports.js";
import { segmentsOf } from "./serial-segments.js";

/** Makes one history entry of the operation being planned. */
export type ChangeFactory = (
  action: AggregationAction,
  parentSerial: number,
  parentCode: string,
  children: SerialSegment,
) => AggregationChange;

/** What an unpack or repack writes, and whose holders it checks. */
export interface PlannedChange {
  readonly relinks: readonly AggregationRelink[];
  readonly changes: readonly AggregationChange[];
  readonly holderSerials: readonly number[];
}

/** Plans a change from the aggregation as read; `null` when there is nothing to change. */
export type PlanFunction = (
  aggregation: CurrentAggregation,
  change: ChangeFactory,
) => Promise<PlannedChange | null>;

const ascending = (a: number, b: number) => a - b;

/**
 * Plans an unpack: the parent's current children (or the listed ones) lose
 * their parent. Listed codes already loose are skipped; a listed code in
 * another packaging code is `VALIDATION_FAILED` (rule `not_a_child`).
 */
export async function planUnpack(
  aggregation: CurrentAggregation,
  parent: ScannedCode,
  only: readonly number[] | null,
  change: ChangeFactory,
): Promise<PlannedChange | null> {
  const serial = parent.record.serial;
  let leaving = aggregation.childrenOf(serial);
  if (only !== null) {
    only.forEach((child, i) => {
      const current = aggregation.parentOf(child);
      if (current !== null && current !== serial) {
        throw invalidField(
          `children.${i}`,
          "not_a_child",
          `children.${i} is not in ${parent.record.code}`,
        );
      }
    });
    leaving = only.filter((child) => aggregation.parentOf(child) === serial).sort(ascending);
  }
  if (leaving.length === 0) return null;
  return {
    relinks: leaving.map((child) => ({
      serial: child,
      parentSerial: null,
      layoutParent: aggregation.isLayoutParent(child, null),
    })),
    changes: segmentsOf(leaving).map((segment) =>
      change("unpack", serial, parent.record.code, segment),
    ),
    holderSerials: [serial],
  };
}

/**
 * Plans a repack: children of the level beneath the parent's join it,
 * leaving their previous parents (an unpack entry per previous parent, then
 * the pack entries). Children in the parent already are skipped; more
 * children than the layout gives the parent is `VALIDATION_FAILED` (rule
 * `capacity`).
 */
export async function planRepack(
  storage: Pick<StorageRepositories, "codePackages">,
  tenantId: string,
  aggregation: CurrentAggregation,
  parent: ScannedCode,
  children: readonly number[],
  change: ChangeFactory,
): Promise<PlannedChange | null> {
  const serial = parent.record.serial;
  const level = aggregation.childLevelOf(serial);
  children.forEach((child, i) => {
    if (aggregation.levelOf(child) !== level) {
      throw invalidField(
        `children.${i}`,
        "child_level",
        `children.${i} must be a ${level} code to go into a ${aggregation.levelOf(serial)} code`,
      );
    }
  });
  const joining = children
    .filter((child) => aggregation.parentOf(child) !== serial)
    .sort(ascending);
  if (joining.length === 0) return null;
  const capacity = aggregation.capacityOf(serial);
  const total = aggregation.childrenOf(serial).length + joining.length;
  if (total > capacity) {
    throw invalidField(
      "children",
      "capacity",
      `${parent.record.code} holds at most ${capacity} codes; it would hold ${total}`,
    );
  }
  const previous = new Map<number, number[]>();
  for (const child of joining) {
    const from = aggregation.parentOf(child);
    if (from !== null) previous.set(from, [...(previous.get(from) ?? []), child]);
  }
  const changes: AggregationChange[] = [];
  for (const [from, leaving] of [...previous].sort(([a], [b]) => a - b)) {
    const code = (await codeAtSerial(storage, tenantId, parent.pkg.id, from)) ?? "";
    for (const segment of segmentsOf(leaving)) changes.push(change("unpack", from, code, segment));
  }
  for (const segment of segmentsOf(joining)) {
    changes.push(change("pack", serial, parent.record.code, segment));
  }
  return {
    relinks: joining.map((child) => ({
      serial: child,
      parentSerial: serial,
      layoutParent: aggregation.isLayoutParent(child, serial),
    })),
    changes,
    holderSerials: [serial, ...joining],
  };
}
