import { isIPv4 } from "node:net";
import type { GeoResolver } from "../ports/geo.js";

/** One row of a {@link staticGeo} table: an IPv4 CIDR block and its region. */
export interface GeoRange {
  /** e.g. `"113.108.0.0/16"`. */
  readonly cidr: string;
  /** e.g. `"CN-GD"`. */
  readonly region: string;
}

function ipv4ToNumber(ip: string): number {
  return ip.split(".").reduce((value, part) => value * 256 + Number(part), 0);
}

/**
 * A geo resolver over a fixed table of IPv4 ranges; the most specific match
 * wins. The default table is empty, so every address resolves to `null`
 * ("no region"). Production hosts plug in a real IP database.
 */
export function staticGeo(ranges: readonly GeoRange[] = []): GeoResolver {
  const table = ranges
    .map(({ cidr, region }) => {
      const [base = "", bitsText = "32"] = cidr.split("/");
      const bits = Number(bitsText);
      if (!isIPv4(base) || !Number.isInteger(bits) || bits < 0 || bits > 32) {
        throw new RangeError(`staticGeo: "${cidr}" is not an IPv4 CIDR block`);
      }
      const size = 2 ** (32 - bits);
      const start = Math.floor(ipv4ToNumber(base) / size) * size;
      return { start, end: start + size - 1, bits, region };
    })
    .sort((a, b) => b.bits - a.bits);
  return {
    async regionOf(ip) {
      const address = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
      if (!isIPv4(address)) return null;
      const value = ipv4ToNumber(address);
      return table.find((range) => value >= range.start && value <= range.end)?.region ?? null;
    },
  };
}
