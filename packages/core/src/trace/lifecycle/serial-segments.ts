import type { SerialSegment } from "./aggregation.js";

/** Ascending, distinct serials as the fewest contiguous segments. */
export function segmentsOf(serials: readonly number[]): SerialSegment[] {
  const segments: SerialSegment[] = [];
  let from = -1;
  let to = -1;
  for (const serial of serials) {
    if (serial === to + 1 && from !== -1) {
      to = serial;
      continue;
    }
    if (from !== -1) segments.push({ fromSerial: from, toSerial: to });
    from = serial;
    to = serial;
  }
  if (from !== -1) segments.push({ fromSerial: from, toSerial: to });
  return segments;
}

/** How many serials the segments hold. */
export function serialCount(segments: readonly SerialSegment[]): number {
  return segments.reduce((sum, { fromSerial, toSerial }) => sum + toSerial - fromSerial + 1, 0);
}

/** Whether a segment holds the serial. */
export function segmentHolds(segment: SerialSegment, serial: number): boolean {
  return segment.fromSerial <= serial && serial <= segment.toSerial;
}
