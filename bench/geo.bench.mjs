// Cost of the reference server's scan regions: the ip2region adapter
// (examples/server/src/ip2region-geo.ts, built to dist/) resolving client
// addresses to region codes, as every public scan does once.
//
//   npm run bench -- geo [--lookups 1000000]
//
// Loads the database (memory before and after), then times `regionOf` over
// 65,536 distinct IPv4 and IPv6 addresses each (more than the adapter keeps,
// so every look-up searches the database) and over one repeated address
// (the loopback address every local load test comes from: answered from the
// adapter's memory of recent addresses). Last line: JSON.
import { ip2regionGeo } from "../examples/server/dist/ip2region-geo.js";
import { numberOption } from "./support/bench-options.mjs";

const LOOKUPS = numberOption("--lookups", 1_000_000);
const mb = (bytes) => Number((bytes / 1024 / 1024).toFixed(1));

const before = process.memoryUsage();
const loadStarted = performance.now();
const geo = ip2regionGeo();
await geo.regionOf("8.8.8.8"); // builds the country table once, as the first foreign scan does
const loadMs = performance.now() - loadStarted;
const after = process.memoryUsage();

// A deterministic spread over the whole IPv4 space (a multiplicative walk).
const ipv4 = Array.from({ length: 65_536 }, (_, i) => {
  const value = Math.imul(i + 1, 2_654_435_761) >>> 0;
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
});
const ipv6 = Array.from(
  { length: 65_536 },
  (_, i) =>
    `${["240e", "2409", "2408", "2400", "2a00", "2001"][i % 6]}:${(i * 40_503).toString(16).slice(-4)}::${i.toString(16)}`,
);

/** Mean nanoseconds per awaited lookup over `count` lookups of `addresses`, after a warm-up. */
async function timePerLookup(addresses, count) {
  let found = 0;
  for (let i = 0; i < Math.min(count, 50_000); i++) {
    if (await geo.regionOf(addresses[i % addresses.length])) found++;
  }
  found = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if (await geo.regionOf(addresses[i % addresses.length])) found++;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const ns = Number(process.hrtime.bigint() - started) / count;
  // CPU time says more than wall time on a machine other work shares.
  const cpuNs = ((cpu.user + cpu.system) * 1000) / count;
  return {
    ns: Math.round(ns),
    cpuNs: Math.round(cpuNs),
    resolvedShare: Number((found / count).toFixed(3)),
  };
}

const v4 = await timePerLookup(ipv4, LOOKUPS);
const v6 = await timePerLookup(ipv6, Math.max(1, Math.floor(LOOKUPS / 4)));
const loopback = await timePerLookup(["127.0.0.1"], LOOKUPS);

console.log(`database loaded in ${loadMs.toFixed(1)} ms`);
console.log(
  `memory: +${mb(after.rss - before.rss)} MB RSS, +${mb(after.external - before.external)} MB external (buffers)`,
);
const line = (label, { ns, cpuNs }) => `${label}: ${ns} ns per lookup (${cpuNs} ns of CPU)`;
console.log(`${line("IPv4", v4)}, ${(v4.resolvedShare * 100).toFixed(1)}% with a region`);
console.log(`${line("IPv6", v6)}, ${(v6.resolvedShare * 100).toFixed(1)}% with a region`);
console.log(line("127.0.0.1, repeated", loopback));
console.log(
  JSON.stringify({
    benchmark: "geo",
    lookups: LOOKUPS,
    load_ms: Number(loadMs.toFixed(1)),
    rss_mb: mb(after.rss - before.rss),
    external_mb: mb(after.external - before.external),
    ipv4_ns: v4.ns,
    ipv4_cpu_ns: v4.cpuNs,
    ipv6_ns: v6.ns,
    ipv6_cpu_ns: v6.cpuNs,
    repeated_address_ns: loopback.ns,
    repeated_address_cpu_ns: loopback.cpuNs,
  }),
);
