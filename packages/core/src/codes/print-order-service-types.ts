import type { Page, PageRequest } from "../kernel/pagination.js";
import type { TenantContext } from "../kernel/tenant.js";
import type {
  NewPrintOrderInput,
  PrintFinish,
  PrintOrder,
  PrintOrderStatus,
  PrintOrderTransition,
  PrintQuote,
} from "./print-order.js";

/** Print order use cases (`onecode.printOrders`). Reads and quotes need `codes.read`, writes `codes.print`. */
export interface PrintOrderService {
  /** The price of printing these packages, without creating an order. */
  quote(
    ctx: TenantContext,
    input: { packageIds: readonly string[]; finish: PrintFinish },
  ): Promise<PrintQuote>;
  /** Creates an order (immutable from then on); only succeeded packages with serial numbers. */
  create(ctx: TenantContext, input: NewPrintOrderInput): Promise<PrintOrder>;
  get(ctx: TenantContext, id: string): Promise<PrintOrder>;
  list(
    ctx: TenantContext,
    filter?: { status?: PrintOrderStatus },
    page?: PageRequest,
  ): Promise<Page<PrintOrder>>;
  /** `pending → printing → shipped` (shipping needs a tracking number); `INVALID_STATE_TRANSITION` otherwise. */
  advance(ctx: TenantContext, id: string, transition: PrintOrderTransition): Promise<PrintOrder>;
}
