import { defineRoute, type Route } from "../define-route.js";
import {
  deadEventsQuery,
  eventIdParams,
  outboxEventPageSchema,
  outboxEventSchema,
} from "../schemas/outbox-schemas.js";

const tags = ["outbox"];

const listDeadEvents = defineRoute({
  method: "GET",
  path: "/v1/outbox/dead",
  operationId: "listDeadOutboxEvents",
  summary: "List the tenant's dead outbox events",
  description:
    "Needs `outbox.operate` (admins hold it). Events whose handlers kept failing until they were parked, newest first, each with its last error. A dead event holds back the later events of its aggregate until it is retried or discarded.",
  tags,
  auth: "staff",
  capability: "outbox.operate",
  query: deadEventsQuery,
  responses: { 200: { description: "A page of dead events.", schema: outboxEventPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.outbox.listDead(tenant, query) };
  },
});

const retryDeadEvent = defineRoute({
  method: "POST",
  path: "/v1/outbox/dead/{eventId}/retry",
  operationId: "retryDeadOutboxEvent",
  summary: "Retry a dead outbox event",
  description:
    "Needs `outbox.operate`. The event goes back in line (`dead → pending`, due now, attempts from 0); the next dispatcher tick delivers it, skipping handlers that already succeeded. Anything but a dead event is `INVALID_STATE_TRANSITION`.",
  tags,
  auth: "staff",
  capability: "outbox.operate",
  params: eventIdParams,
  responses: { 200: { description: "The event, pending again.", schema: outboxEventSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.outbox.retryDead(tenant, params.eventId) };
  },
});

const discardDeadEvent = defineRoute({
  method: "POST",
  path: "/v1/outbox/dead/{eventId}/discard",
  operationId: "discardDeadOutboxEvent",
  summary: "Discard a dead outbox event",
  description:
    "Needs `outbox.operate`. Gives up on the event (`dead → discarded`): it is never delivered, and the later events of its aggregate go on. Anything but a dead event is `INVALID_STATE_TRANSITION`.",
  tags,
  auth: "staff",
  capability: "outbox.operate",
  params: eventIdParams,
  responses: { 200: { description: "The event, discarded.", schema: outboxEventSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.outbox.discardDead(tenant, params.eventId) };
  },
});

/** The outbox operator routes (`/v1/outbox`): dead events, their retry and discard. */
export const outboxRoutes: readonly Route[] = [listDeadEvents, retryDeadEvent, discardDeadEvent];
