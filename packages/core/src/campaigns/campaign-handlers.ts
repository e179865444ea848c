import type { OutboxHandlerRegistration } from "../kernel/outbox/outbox-handlers.js";
import type { CampaignsRuntime } from "./campaigns-runtime.js";

// PLACEHOLDER: replaced before this lands.
/** Registers the campaigns' timers and returns their outbox handlers. */
export function campaignHandlers(_runtime: CampaignsRuntime): OutboxHandlerRegistration[] {
  return [];
}
