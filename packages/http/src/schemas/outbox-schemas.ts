import { z } from "zod";
import { pageQueryShape, pageSchema, recordIdParam, timestampSchema } from "./common.js";
import { openApiRegistry } from "./openapi-registry.js";

/** An outbox event (core's `OutboxEvent`). */
export const outboxEventSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    type: z.string().register(openApiRegistry, {
      description: "Dotted event name, e.g. `order.paid`; handlers are registered by it.",
    }),
    aggregate: z.strictObject({ type: z.string(), id: z.string() }).register(openApiRegistry, {
      description: "The record the event is about; delivery is ordered per aggregate.",
    }),
    payload: z.unknown().register(openApiRegistry, { description: "The event's JSON data." }),
    occurredAt: timestampSchema,
    attempts: z.number().int().min(0).register(openApiRegistry, {
      description: "Deliveries started since it was recorded (or last retried by an operator).",
    }),
    state: z.enum(["pending", "delivered", "dead", "discarded"]),
    lastError: z.string().nullable().register(openApiRegistry, {
      description: "Safe summary of the last failure, naming the handler; `null` before any.",
    }),
    nextAttemptAt: timestampSchema,
    settledAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "OutboxEvent",
    description:
      "A domain event recorded with the change it reports and delivered at least once to its handlers.",
  });

/** A page of dead events. */
export const outboxEventPageSchema = pageSchema(outboxEventSchema, "OutboxEventPage");

/** Query of `GET /v1/outbox/dead`. */
export const deadEventsQuery = z.strictObject({ ...pageQueryShape });

/** Path parameters of `/v1/outbox/dead/{eventId}/...`. */
export const eventIdParams = z.strictObject({
  eventId: recordIdParam("Id of the outbox event."),
});
