import { systemContext } from "../../../kernel/audit/record-audit.js";
import { isoNow } from "../../../kernel/clock.js";
import { OneCodeError } from "../../../kernel/errors.js";
import { startOfZonedDay, zonedDate } from "../../../kernel/zoned-time.js";
import type { StorageRepositories } from "../../../ports/storage.js";
import type { PromotionsRuntime } from "../../promotions-runtime.js";
import { customerOrNew } from "../customers/customer-records.js";
import type { PointsEntry, PointsEntryKind } from "../member-records.js";
import type { PointsRecording } from "../ports.js";

/** The timer that expires the points credited in the year its key names. */
export const POINTS_EXPIRY_TIMER = "members.points_expiry";

/** One change of a balance, as the use cases ask for it. */
export interface PointsChange {
  readonly tenantId: string;
  readonly customerId: string;
  readonly kind: PointsEntryKind;
  readonly delta: number;
  readonly key: string;
  readonly orderId?: string | null;
  readonly note?: string | null;
  readonly actor: { readonly kind: string; readonly id: string };
}

/**
 * Applies one change in `tx` (the customer created when missing): appends
 * the entry and moves the balance atomically, never below zero, never twice
 * for one key. A credit in the tenant's `zone` (read before the
 * transaction: the memory storage serializes calls) schedules the expiry of
 * its local year's points (the timer is per tenant and year, so scheduling
 * again only moves it to the same instant). Debits pass `zone: null`: their
 * year is the UTC one and never matters (expiry counts credits only).
 */
export async function recordPoints(
  tx: StorageRepositories,
  runtime: PromotionsRuntime,
  change: PointsChange,
  zone: string | null,
): Promise<PointsRecording> {
  const at = isoNow(runtime.ports.clock);
  await customerOrNew(tx, change.tenantId, change.customerId, at);
  const nowMs = runtime.ports.clock.nowMs();
  const year = Number(zonedDate(nowMs, zone ?? "UTC").slice(0, 4));
  const entry: Omit<PointsEntry, "balanceAfter"> = {
    tenantId: change.tenantId,
    id: runtime.ports.ids.newId("pts"),
    customerId: change.customerId,
    kind: change.kind,
    delta: change.delta,
    key: change.key,
    orderId: change.orderId ?? null,
    year,
    note: change.note ?? null,
    actor: { kind: change.actor.kind, id: change.actor.id },
    createdAt: at,
  };
  const recorded = await tx.pointsLedger.record(entry);
  if (recorded.outcome === "recorded" && change.delta > 0 && zone !== null) {
    await runtime.timers.schedule(
      systemContext(change.tenantId),
      {
        kind: POINTS_EXPIRY_TIMER,
        key: String(year),
        at: startOfZonedDay(`${year + 2}-01-01`, zone),
      },
      { tx },
    );
  }
  return recorded;
}

/** Throws `POINTS_INSUFFICIENT` for an `insufficient` recording; answers the entry otherwise. */
export function recordedEntry(recording: PointsRecording, change: PointsChange): PointsEntry {
  if (recording.outcome === "insufficient") {
    throw new OneCodeError(
      "POINTS_INSUFFICIENT",
      `customer ${change.customerId} holds ${recording.balance} points, ${-change.delta} needed`,
      { customerId: change.customerId, balance: recording.balance, required: -change.delta },
    );
  }
  if (recording.outcome === "no_customer") {
    throw new OneCodeError("BUSY", "the customer vanished while recording points", {
      resource: "customer",
      attempts: 1,
    });
  }
  return recording.entry;
}
