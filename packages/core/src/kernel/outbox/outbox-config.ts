import type { Storage } from "../../ports/storage.js";
import type { Clock } from "../clock.js";
import type { IdGenerator } from "../ids.js";
import type { DispatcherDeps, OutboxErrorListener } from "./dispatcher.js";
import { type OutboxHandlerRegistration, OutboxHandlers } from "./outbox-handlers.js";
import { type OutboxOptions, resolveOutboxOptions } from "./outbox-options.js";

/** The `outbox` part of `createOneCode`'s configuration. */
export interface OutboxConfig extends OutboxOptions {
  /** Handlers to register at start (more can be added with `onecode.outbox.on`). */
  readonly handlers?: readonly OutboxHandlerRegistration[];
  /**
   * Called with every handler failure and the event, for the host's log
   * (the event's stored `lastError` is only a safe summary). It must not throw.
   */
  readonly onError?: OutboxErrorListener;
}

/** The handler registry and resolved options of one OneCode instance. */
export function outboxRuntime(
  ports: { readonly storage: Storage; readonly clock: Clock; readonly ids: IdGenerator },
  config: OutboxConfig = {},
): DispatcherDeps {
  const { handlers: registrations = [], onError, ...options } = config;
  const handlers = new OutboxHandlers();
  for (const { type, name, handler } of registrations) handlers.on(type, name, handler);
  return {
    storage: ports.storage,
    clock: ports.clock,
    ids: ports.ids,
    handlers,
    options: resolveOutboxOptions(options),
    ...(onError && { onError }),
  };
}
