// In-memory speed of the pure code generator: 1,000,000 codes of the
// benchmark's 24-character mixed rule, in chunks of 10,000 as jobs make them,
// no storage. Options: --codes N, --chunk N. Last line: JSON.
import { cryptoRandom } from "@onecode/core";
import { codeGenerator, generationMoment } from "@onecode/core/adapter-kit";
import { BENCH_RULE, describeRule, numberOption } from "./support/bench-options.mjs";

const codes = numberOption("--codes", 1_000_000);
const chunk = numberOption("--chunk", 10_000);

const generator = codeGenerator(BENCH_RULE.segments, cryptoRandom);
const moment = generationMoment(Date.now(), "Asia/Shanghai");

// Warm the JIT up on a few chunks first.
for (let i = 0; i < 20; i++) generator.generate(chunk, moment);

console.log(`rule: ${describeRule(BENCH_RULE)}`);
const started = process.hrtime.bigint();
let made = 0;
let checksum = 0;
while (made < codes) {
  const batch = generator.generate(Math.min(chunk, codes - made), moment);
  made += batch.length;
  // Touch the result so the work cannot be optimised away.
  checksum ^= batch[batch.length - 1]?.charCodeAt(5) ?? 0;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const perSecond = Math.round(codes / seconds);
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

console.log(`generated ${codes.toLocaleString("en-US")} codes in ${seconds.toFixed(3)} s`);
console.log(
  `${perSecond.toLocaleString("en-US")} codes/s, peak RSS ${peakRssMb} MB (checksum ${checksum})`,
);
console.log(
  JSON.stringify({
    codes,
    seconds: Number(seconds.toFixed(3)),
    codes_per_second: perSecond,
    peak_rss_mb: peakRssMb,
  }),
);
