import { TIMER_STATUSES } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { openApiRegistry } from "./openapi-registry.js";

/** A durable timer (core's `Timer`). */
export const timerSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    kind: z.string().register(openApiRegistry, {
      description: "What runs, e.g. `orders.close_unpaid`.",
    }),
    key: z.string().register(openApiRegistry, {
      description: "Which one within the kind, e.g. the order id.",
    }),
    payload: z.record(z.string(), z.unknown()).register(openApiRegistry, {
      description: "The JSON object handed to the handler.",
    }),
    status: z.enum(TIMER_STATUSES).register(openApiRegistry, {
      description:
        "`scheduled` waits for `dueAt`; `running` is held by a runner until `leaseUntil`; `failed` is parked until retried.",
    }),
    dueAt: timestampSchema,
    attempts: z.int().register(openApiRegistry, {
      description: "Runs started since it was last scheduled or retried.",
    }),
    lastError: z.string().nullable().register(openApiRegistry, {
      description: "A one-line summary of the last failure (no stack, no driver text).",
    }),
    leaseUntil: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .register(openApiRegistry, {
    id: "Timer",
    description: "A durable timer (定时任务) or recurring job of the tenant.",
  });

/** One page of timers. */
export const timerPageSchema = pageSchema(timerSchema, "TimerPage");

/** Query of `GET /v1/timers/failed`. */
export const failedTimerListQuery = z.strictObject({ ...pageQueryShape });

/** Path parameters of `/v1/timers/failed/{timerId}/retry`. */
export const timerIdParams = z.strictObject({ timerId: recordIdParam("Id of the timer.") });
