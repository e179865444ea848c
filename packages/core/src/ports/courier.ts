/** A postal address as couriers need it. */
export interface PostalAddress {
  readonly name: string;
  readonly phone: string;
  /** Administrative region code (e.g. a province or city code). */
  readonly regionCode: string;
  readonly line: string;
}

/** Request for an electronic waybill (电子面单). */
export interface WaybillRequest {
  readonly tenantId: string;
  /** The courier creates at most one waybill per key. */
  readonly idempotencyKey: string;
  /** Courier company code, e.g. `SF`. */
  readonly courier: string;
  readonly sender: PostalAddress;
  readonly recipient: PostalAddress;
  /** Total weight in grams. */
  readonly weightGrams: number;
  /** Free text printed on the label (order number, contents). */
  readonly reference: string;
}

/** A created waybill. */
export interface Waybill {
  readonly courier: string;
  readonly trackingNumber: string;
  /** Printable label, when the courier returns one (URL or base64 PDF). */
  readonly label?: string;
}

/** One tracking event, oldest first in {@link Tracking.events}. */
export interface TrackingEvent {
  /** ISO-8601 time. */
  readonly at: string;
  readonly status: "accepted" | "in_transit" | "out_for_delivery" | "signed" | "exception";
  readonly description: string;
}

/** Current tracking state of a parcel. */
export interface Tracking {
  readonly courier: string;
  readonly trackingNumber: string;
  readonly events: readonly TrackingEvent[];
}

/**
 * The courier port: e-waybills and tracking. `createWaybill` is idempotent by
 * key; `track` is a read and may be called freely.
 */
export interface Courier {
  createWaybill(request: WaybillRequest): Promise<Waybill>;
  /** Tracking of a parcel, or `null` when the courier does not know it. */
  track(tenantId: string, courier: string, trackingNumber: string): Promise<Tracking | null>;
}
