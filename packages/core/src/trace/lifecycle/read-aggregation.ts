import type { SerialSegment } from "./aggregation.js";
import { type AggregatedPackage, CurrentAggregation } from "./current-aggregation.js";
import type { AggregationRepository } from "./ports.js";
import { segmentHolds } from "./serial-segments.js";

/** The current aggregation around some codes, and the package version it was read at. */
export interface AggregationView {
  readonly aggregation: CurrentAggregation;
  /** The package's aggregation version; `null` for packages without aggregation (nothing to check). */
  readonly version: number | null;
}

/** Rounds of reading: an outer code, a middle re-packed into it, and that middle's inner codes. */
const MAX_ROUNDS = 4;

/** Sorted, with overlapping or touching segments merged. */
function merged(segments: readonly SerialSegment[]): SerialSegment[] {
  const sorted = [...segments].sort((a, b) => a.fromSerial - b.fromSerial);
  const result: SerialSegment[] = [];
  for (const segment of sorted) {
    const last = result[result.length - 1];
    if (last && segment.fromSerial <= last.toSerial + 1) {
      result[result.length - 1] = {
        fromSerial: last.fromSerial,
        toSerial: Math.max(last.toSerial, segment.toSerial),
      };
    } else result.push(segment);
  }
  return result;
}

/**
 * Reads enough of a package's links to answer, for each of `serials`, its
 * current parent, children and subtree. Links are read around the codes'
 * layout spans; a packaging code re-packed into one of them from elsewhere
 * brings its own span, read in a further round, so a few small range
 * reads cover even re-packed units. Packages without aggregation (single
 * codes, unassociated packages) read nothing.
 */
export async function readAggregation(
  repository: AggregationRepository,
  tenantId: string,
  pkg: AggregatedPackage,
  serials: readonly number[],
): Promise<AggregationView> {
  const layoutOnly = new CurrentAggregation(pkg, []);
  if (!pkg.associated || pkg.codeType === "single") {
    return { aggregation: layoutOnly, version: null };
  }
  let spans = merged(serials.map((serial) => layoutOnly.layoutSpan(serial)));
  for (let round = 1; ; round++) {
    const snapshot = await repository.linksAround(tenantId, pkg.id, spans);
    const aggregation = new CurrentAggregation(pkg, snapshot.links);
    const missing = serials
      .flatMap((serial) => aggregation.subtreeOf(serial))
      .filter(
        (serial) =>
          aggregation.isPackaging(serial) && !spans.some((span) => segmentHolds(span, serial)),
      );
    if (missing.length === 0 || round === MAX_ROUNDS) {
      return { aggregation, version: snapshot.version };
    }
    spans = merged([...spans, ...missing.map((serial) => layoutOnly.layoutSpan(serial))]);
  }
}
