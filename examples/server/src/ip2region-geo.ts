import { createRequire } from "node:module";
import { isIP } from "node:net";
import type { GeoResolver } from "@onecode/core";
import type IP2Region from "ip2region";
import { regionCodeOf } from "./region-codes.js";

/** What `IP2Region.searchRaw` answers; IPv6 answers carry the whole place in `data`. */
interface Ip2RegionAnswer {
  readonly country: string;
  readonly province: string;
  readonly data?: string;
}

/** Addresses whose answers are kept; past it the memory starts over (about 1 MB at most). */
const RECENT_ADDRESSES = 10_000;

// ip2region is CommonJS with its class as `exports.default`; require reads it
// the same way under Node, vitest and a bundler.
const { default: Ip2RegionDatabase } = createRequire(import.meta.url)("ip2region") as {
  default: typeof IP2Region;
};

/**
 * The reference server's geo port: the offline IP database that the
 * `ip2region` npm package ships (its IPv4 data and an IPv6 database, about
 * 11 MB read into memory once; nothing is downloaded), answering a
 * province of China as ISO 3166-2 (`CN-GD`) and another country as ISO
 * 3166-1 alpha-2 (`US`), the codes enterprises' `salesRegion` holds.
 * Private, reserved and unknown addresses, and Chinese addresses without a
 * province, have no region.
 */
export function ip2regionGeo(): GeoResolver {
  const database = new Ip2RegionDatabase();
  const lookUp = (ip: string): string | null => {
    // Dual-stack sockets report IPv4 clients as IPv4-mapped IPv6.
    const address = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    if (isIP(address) === 0) return null;
    const found = database.searchRaw(address) as Ip2RegionAnswer | null;
    if (!found) return null;
    return regionCodeOf(found.country || found.data || "", found.province);
  };
  // A look-up costs a few microseconds (bench/geo.bench.mjs); many scans come
  // from one address (a shop, a carrier's NAT), so recent answers are kept.
  const recent = new Map<string, string | null>();
  return {
    async regionOf(ip) {
      const known = recent.get(ip);
      if (known !== undefined) return known;
      const region = lookUp(ip);
      if (recent.size >= RECENT_ADDRESSES) recent.clear();
      recent.set(ip, region);
      return region;
    },
  };
}
