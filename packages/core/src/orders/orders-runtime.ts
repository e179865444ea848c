import type { CorePorts } from "../core-ports.js";
import { auditRecorder, type RecordAudit } from "../kernel/audit/record-audit.js";
import type { OutboxHandlers } from "../kernel/outbox/outbox-handlers.js";
import { eventRecorder, type RecordEvents } from "../kernel/outbox/record-events.js";
import type { PaymentsKernel } from "../kernel/payments/payment-use-cases.js";
import type { TimersService } from "../kernel/timers/timers.js";
import { listPricing, type OrderPricing } from "./checkout/order-pricing.js";
import { type ChangeOrder, orderChanger } from "./order-change.js";
import { DEFAULT_ORDER_SETTINGS, type OrderSettings } from "./order-settings.js";

/**
 * What every orders use case runs on: the ports, the one way to change an
 * order, the kernel's audit, events, timers, outbox handlers and payments,
 * and the tenant's calendar and order settings.
 */
export interface OrdersRuntime {
  readonly ports: CorePorts;
  readonly changeOrder: ChangeOrder;
  readonly recordAudit: RecordAudit;
  readonly recordEvents: RecordEvents;
  readonly timers: TimersService;
  readonly outbox: OutboxHandlers;
  readonly payments: PaymentsKernel;
  /** The tenant's IANA time zone (tenant settings). */
  readonly timeZoneOf: (tenantId: string) => Promise<string>;
  /** The tenant's currency (tenant settings). */
  readonly currencyOf: (tenantId: string) => Promise<string>;
  /** Where orders take their prices from (list prices unless the promotion engine is plugged in). */
  readonly pricing: OrderPricing;
  /** The tenant's order settings, the defaults where it saved none. */
  readonly settingsOf: (tenantId: string) => Promise<OrderSettings>;
}

/** Builds the {@link OrdersRuntime} from the ports and the kernel services. */
export function ordersRuntime(
  ports: CorePorts,
  kernel: {
    readonly timers: TimersService;
    readonly outbox: OutboxHandlers;
    readonly payments: PaymentsKernel;
    readonly timeZoneOf: (tenantId: string) => Promise<string>;
    readonly currencyOf: (tenantId: string) => Promise<string>;
    readonly pricing?: OrderPricing;
  },
): OrdersRuntime {
  const recordAudit = auditRecorder(ports);
  const recordEvents = eventRecorder(ports);
  return {
    ports,
    ...kernel,
    pricing: kernel.pricing ?? listPricing,
    recordAudit,
    recordEvents,
    changeOrder: orderChanger({
      storage: ports.storage,
      clock: ports.clock,
      recordAudit,
      recordEvents,
    }),
    async settingsOf(tenantId) {
      const saved = await ports.storage.orderSettings.get(tenantId);
      return saved ?? { ...DEFAULT_ORDER_SETTINGS, tenantId, updatedAt: null };
    },
  };
}
