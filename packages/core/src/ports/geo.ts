/**
 * The geo port: resolves a client IP address to a sales-region code (for
 * example an ISO 3166-2 subdivision such as `CN-GD`). Used for scan records
 * and diversion (窜货) alerts. Returns `null` when the address is unknown;
 * callers treat that as "no region", never as a mismatch.
 */
export interface GeoResolver {
  regionOf(ip: string): Promise<string | null>;
}
