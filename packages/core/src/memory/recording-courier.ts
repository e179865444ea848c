import type {
  Courier,
  Tracking,
  TrackingEvent,
  Waybill,
  WaybillRequest,
} from "../ports/courier.js";

/** A courier that ships nothing and remembers every waybill. */
export interface RecordingCourier extends Courier {
  /** Every distinct waybill request, in order. */
  readonly requests: readonly WaybillRequest[];
  /** Appends a tracking event to a parcel, as the courier's feed would. */
  addEvent(trackingNumber: string, event: TrackingEvent): void;
}

/**
 * A fake courier for tests and the demo server: numbers waybills
 * `<courier>` + 10 digits in order, idempotent by key, and reports the
 * tracking events added with `addEvent`.
 */
export function recordingCourier(): RecordingCourier {
  const requests: WaybillRequest[] = [];
  const byKey = new Map<string, Waybill>();
  const events = new Map<string, TrackingEvent[]>();
  return {
    requests,
    addEvent(trackingNumber, event) {
      events.get(trackingNumber)?.push(event);
    },
    async createWaybill(request) {
      const key = `${request.tenantId}\u0000${request.idempotencyKey}`;
      const earlier = byKey.get(key);
      if (earlier) return earlier;
      requests.push(structuredClone(request));
      const waybill: Waybill = {
        courier: request.courier,
        trackingNumber: `${request.courier}${String(requests.length).padStart(10, "0")}`,
      };
      byKey.set(key, waybill);
      events.set(waybill.trackingNumber, []);
      return waybill;
    },
    async track(_tenantId, courier, trackingNumber) {
      const parcel = events.get(trackingNumber);
      if (!parcel || !trackingNumber.startsWith(courier)) return null;
      const tracking: Tracking = { courier, trackingNumber, events: [...parcel] };
      return tracking;
    },
  };
}
