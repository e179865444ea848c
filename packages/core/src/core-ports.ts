import type { CodesOptions } from "./codes/code-services.js";
import { type Clock, systemClock } from "./kernel/clock.js";
import { type IdGenerator, sortableIds } from "./kernel/ids.js";
import type { OutboxConfig } from "./kernel/outbox/outbox-config.js";
import { cryptoRandom, type RandomSource } from "./kernel/random.js";
import { localKeyVault } from "./memory/local-key-vault.js";
import { localLedgerAnchor } from "./memory/local-ledger-anchor.js";
import { memoryHotState } from "./memory/memory-hot-state.js";
import { memoryStorage } from "./memory/memory-storage.js";
import { recordingCourier } from "./memory/recording-courier.js";
import { recordingNotifier } from "./memory/recording-notifier.js";
import { recordingPaymentGateway } from "./memory/recording-payment.js";
import { staticGeo } from "./memory/static-geo.js";
import type { NotificationsOptions } from "./notifications/notifications-runtime.js";
import type { OrderPricing } from "./orders/checkout/order-pricing.js";
import type { Courier } from "./ports/courier.js";
import type { GeoResolver } from "./ports/geo.js";
import type { HotState } from "./ports/hot-state.js";
import type { KeyVault } from "./ports/keys.js";
import type { LedgerAnchor } from "./ports/ledger-anchor.js";
import type { Notifier } from "./ports/notifier.js";
import type { PaymentGateway } from "./ports/payment.js";
import type { Storage } from "./ports/storage.js";
import type { PricingSource } from "./promotions/pricing/pricing-sources.js";
import type { TraceOptions } from "./trace/trace-services.js";

/** Every port core runs on, all present. */
export interface CorePorts {
  readonly storage: Storage;
  readonly hotState: HotState;
  readonly notifier: Notifier;
  readonly payment: PaymentGateway;
  readonly courier: Courier;
  readonly geo: GeoResolver;
  readonly keys: KeyVault;
  readonly ledgerAnchor: LedgerAnchor;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly ids: IdGenerator;
}

/**
 * Configuration of {@link createOneCode}: any port left out gets its
 * in-memory implementation (fakes for payment, courier and notifier, which
 * move no money and send nothing), plus options per module.
 */
export type OneCodeConfig = Partial<CorePorts> & {
  /** Options of the codes module (chunk size, time zone, job lease, print prices, ...). */
  readonly codes?: CodesOptions;
  /** Options of the trace module (scan suspicion threshold, rate limit, cache lifetime, ...). */
  readonly trace?: TraceOptions;
  /** The outbox: handlers registered at start, retry and lease options, a failure listener. */
  readonly outbox?: OutboxConfig;
  /** Options of the orders module: the pricing function (the promotion engine plugs in here). */
  readonly orders?: OrdersOptions;
  /** Options of notifications: the SMS quiet hours (default 23:00–08:00 tenant time, `null` for none). */
  readonly notifications?: NotificationsOptions;
  /**
   * The host's own parts of pricing (a loyalty scheme of its own, test
   * terms), consulted by the promotion engine before the built-in promotion
   * modules' sources. Ignored when `orders.pricing` replaces the engine.
   */
  readonly pricingSources?: readonly PricingSource[];
};

/** Options of the orders module. */
export interface OrdersOptions {
  /**
   * Where orders take their prices from; by default the promotion engine,
   * which gives list prices while no promotion applies.
   */
  readonly pricing?: OrderPricing;
}

/** Fills every missing port with its default, wiring clock and randomness through. */
export function resolvePorts(config: OneCodeConfig = {}): CorePorts {
  const clock = config.clock ?? systemClock;
  const random = config.random ?? cryptoRandom;
  return {
    clock,
    random,
    ids: config.ids ?? sortableIds(clock, random),
    storage: config.storage ?? memoryStorage(),
    hotState: config.hotState ?? memoryHotState({ clock, random }),
    notifier: config.notifier ?? recordingNotifier(),
    payment: config.payment ?? recordingPaymentGateway(),
    courier: config.courier ?? recordingCourier(),
    geo: config.geo ?? staticGeo(),
    keys: config.keys ?? localKeyVault({ random }),
    ledgerAnchor: config.ledgerAnchor ?? localLedgerAnchor(clock),
  };
}
