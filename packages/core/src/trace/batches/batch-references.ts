import { notFound, OneCodeError } from "../../kernel/errors.js";
import type { TraceRuntime } from "../trace-runtime.js";
import type { TraceBatch } from "./trace-batch.js";

/** The batch, or `NOT_FOUND` (naming `field` when an input referenced it). */
export async function requireBatch(
  runtime: TraceRuntime,
  tenantId: string,
  id: string,
  field?: string,
): Promise<TraceBatch> {
  const batch = await runtime.ports.storage.traceBatches.get(tenantId, id);
  if (!batch) throw notFound("trace batch", id, field);
  return batch;
}

/** `SEALED` for a change to `field` of a sealed batch. */
export function sealedError(id: string, field: string): OneCodeError<"SEALED"> {
  return new OneCodeError(
    "SEALED",
    `trace batch ${id} is sealed, so ${field} can never change (the template stays editable)`,
    { id, field },
  );
}
