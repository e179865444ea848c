import { defineRoute, type Route } from "../define-route.js";
import {
  failedTimerListQuery,
  timerIdParams,
  timerPageSchema,
  timerSchema,
} from "../schemas/timer-schemas.js";

const tags = ["timers"];

const listFailedTimers = defineRoute({
  method: "GET",
  path: "/v1/timers/failed",
  operationId: "listFailedTimers",
  summary: "List parked timers, newest first",
  description:
    "Needs `timers.operate` (admins hold it). Timers whose handler failed on its last allowed attempt (or whose runners kept dying); they stay parked until retried or cancelled.",
  tags,
  auth: "staff",
  capability: "timers.operate",
  query: failedTimerListQuery,
  responses: { 200: { description: "One page of parked timers.", schema: timerPageSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.timers.listFailed(tenant, query) };
  },
});

const retryFailedTimer = defineRoute({
  method: "POST",
  path: "/v1/timers/failed/{timerId}/retry",
  operationId: "retryFailedTimer",
  summary: "Run a parked timer again",
  description:
    "Needs `timers.operate`. Schedules the parked timer to run now with its attempts reset; the next runner tick runs it. `lastError` stays until it runs. A timer that is not parked is `NOT_FOUND`.",
  tags,
  auth: "staff",
  capability: "timers.operate",
  params: timerIdParams,
  responses: { 200: { description: "The timer, `scheduled`.", schema: timerSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.timers.retry(tenant, params.timerId) };
  },
});

/** Operator views of the tenant's durable timers. */
export const timerRoutes: readonly Route[] = [listFailedTimers, retryFailedTimer];
