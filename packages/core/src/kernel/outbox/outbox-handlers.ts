import type { StorageRepositories } from "../../ports/storage.js";
import { invalidField } from "../errors.js";
import type { OutboxEvent } from "./outbox-event.js";
import { EVENT_TYPE_PATTERN } from "./record-events.js";

/** What a handler gets beside the event. */
export interface OutboxDelivery {
  /** The name the handler was registered under. */
  readonly handlerName: string;
  /** This delivery's attempt number, from 1. */
  readonly attempt: number;
  /**
   * Marks this handler as having handled the event, inside the handler's own
   * transaction `tx`: `true` the first time, `false` when a committed (or
   * concurrent) delivery marked it already, in which case the handler does
   * nothing. Writing the mark and the durable effect in one transaction makes
   * the effect happen exactly once however often the event is delivered.
   */
  handleOnce(tx: StorageRepositories): Promise<boolean>;
}

/**
 * Reacts to one event. It runs after the recording transaction committed,
 * outside any transaction, at least once per event: it must be idempotent
 * (by `event.id`, e.g. with `delivery.handleOnce(tx)`, or by the key of the
 * external call it makes). Throwing makes the dispatcher retry it later.
 */
export type OutboxHandler = (event: OutboxEvent, delivery: OutboxDelivery) => Promise<void>;

/** A handler and the event type and name it is registered under. */
export interface OutboxHandlerRegistration {
  /** Event type, e.g. `"order.paid"`. */
  readonly type: string;
  /** Unique per type, stable across releases (its inbox marks use it), e.g. `"orders.capture-payment"`. */
  readonly name: string;
  readonly handler: OutboxHandler;
}

const HANDLER_NAME = /^[a-z][a-z0-9_.:-]{0,99}$/;

/** The handlers of every event type, in registration order. */
export class OutboxHandlers {
  readonly #byType = new Map<string, OutboxHandlerRegistration[]>();

  /** Registers `handler`; a name already used for the type, or a malformed one, is refused. */
  on(type: string, name: string, handler: OutboxHandler): void {
    if (typeof type !== "string" || !EVENT_TYPE_PATTERN.test(type)) {
      throw invalidField(
        "type",
        "event_type_format",
        'type must be dotted lower-case words such as "order.paid"',
      );
    }
    if (typeof name !== "string" || !HANDLER_NAME.test(name)) {
      throw invalidField(
        "handlerName",
        "handler_name_format",
        "handlerName must be 1-100 lower-case letters, digits, '_', '.', ':' or '-', starting with a letter",
      );
    }
    if (typeof handler !== "function") {
      throw invalidField("handler", "required", "handler must be a function");
    }
    const list = this.#byType.get(type) ?? [];
    if (list.some((registered) => registered.name === name)) {
      throw invalidField(
        "handlerName",
        "unique",
        `a handler named "${name}" is registered for "${type}" already`,
      );
    }
    list.push({ type, name, handler });
    this.#byType.set(type, list);
  }

  /** The handlers registered for `type`, in registration order. */
  for(type: string): readonly OutboxHandlerRegistration[] {
    return this.#byType.get(type) ?? [];
  }
}
