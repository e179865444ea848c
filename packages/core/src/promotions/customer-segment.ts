/**
 * A segment of a tenant's customers (人群), as targeted coupon pushes (发券宝)
 * pick them: by purchase history, activity and tags. Every field given must
 * hold; an empty segment is every customer of the tenant.
 */
export interface CustomerSegment {
  /** Customers carrying at least one of these tags. */
  readonly tagIds?: readonly string[];
  /** Customers at one of these member levels. */
  readonly levelIds?: readonly string[];
  /** Completed or paid orders, inclusive bounds. */
  readonly minOrders?: number;
  readonly maxOrders?: number;
  /** Total paid, minor units, inclusive. */
  readonly minSpent?: number;
  /** Last order at or after this ISO-8601 instant (bought recently). */
  readonly orderedSince?: string;
  /** No order at or after this instant (lapsed buyers). */
  readonly notOrderedSince?: string;
  /** Seen (ordered, checked in, registered) at or after this instant. */
  readonly activeSince?: string;
}

/**
 * Reads segments of customers; implemented by the members module over its
 * customer records, used by coupon pushes to preview and reach a segment.
 */
export interface CustomerSegments {
  /** How many customers the segment holds now (the push preview). */
  count(tenantId: string, segment: CustomerSegment): Promise<number>;
  /** Customer ids of the segment in ascending order, after `afterId` (exclusive), at most `limit`. */
  ids(
    tenantId: string,
    segment: CustomerSegment,
    page: { readonly afterId: string | null; readonly limit: number },
  ): Promise<string[]>;
}
