/** A contiguous run of serials within one package. */
export interface SerialSegment {
  readonly fromSerial: number;
  readonly toSerial: number;
}

/**
 * A code whose current parent differs from the one its package's layout
 * gives it: after unpacking (拆箱) `parentSerial` is `null`, after
 * re-packing (换箱) it is the new parent's serial. Codes without a link sit
 * where the layout put them, so only changed codes cost a row.
 */
export interface AggregationLink {
  readonly serial: number;
  readonly parentSerial: number | null;
}

/** The links around some serials of a package and the package's aggregation version. */
export interface AggregationSnapshot {
  /** Grows with every applied change of the package; 0 before the first. */
  readonly version: number;
  readonly links: readonly AggregationLink[];
}

/** What an aggregation change did to one parent. */
export type AggregationAction = "unpack" | "pack";

/**
 * One entry of the aggregation history: children (a serial segment of the
 * level directly beneath) left (`unpack`) or joined (`pack`) a packaging
 * code. One operation writes one entry per parent and contiguous segment.
 */
export interface AggregationChange {
  /** `agg_…`; ascending in the order changes were made. */
  readonly id: string;
  readonly tenantId: string;
  /** The unpack or repack call that made the change (several entries share it). */
  readonly operationId: string;
  readonly action: AggregationAction;
  readonly packageId: string;
  readonly parentSerial: number;
  readonly parentCode: string;
  /** The children that left or joined. */
  readonly children: SerialSegment;
  /** A stock document the operation was done for, when the caller named one. */
  readonly documentId: string | null;
  readonly note: string;
  readonly actorId: string;
  readonly at: string;
}

/** Input of `codeLifecycle.unpack` (拆箱). */
export interface UnpackInput {
  /** The packaging code to unpack: bare, a code URL or a Digital Link. */
  readonly code: string;
  /** Take out only these children (codes directly beneath); absent: all of them. */
  readonly children?: readonly string[];
  readonly note?: string;
  /** A stock document the unpacking belongs to (recorded in the history). */
  readonly documentId?: string | null;
}

/** Input of `codeLifecycle.repack` (换箱). */
export interface RepackInput {
  /** The packaging code the children go into. */
  readonly parent: string;
  /** Codes of the level directly beneath the parent's, of the same package. */
  readonly children: readonly string[];
  readonly note?: string;
  readonly documentId?: string | null;
}

/** Result of an unpack or repack: the history entries it wrote (none when nothing changed). */
export interface AggregationOperation {
  readonly operationId: string;
  readonly changes: readonly AggregationChange[];
}
