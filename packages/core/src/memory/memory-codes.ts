import type { Merchant } from "../catalog/merchant.js";
import type { Product } from "../catalog/product.js";
import type { CodePackage } from "../codes/code-package.js";
import type { CodeRule } from "../codes/code-rule.js";
import type { CodesRepositories, StagedCode } from "../codes/ports.js";
import type { PrintOrder } from "../codes/print-order.js";
import { MemoryCodeIndex } from "./memory-code-index.js";
import { memoryCodePackageRepository } from "./memory-code-packages.js";
import { memoryCodeRuleRepository } from "./memory-code-rules.js";
import { memoryCodeUploadRepository } from "./memory-code-uploads.js";
import { memoryPrintOrderRepository } from "./memory-print-orders.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** Staged rows of one upload: the rows in arrival order and the first line of each code. */
export interface StagingArea {
  readonly firstLine: Map<string, number>;
  readonly rows: StagedCode[];
}

/**
 * The codes tables of the memory storage. Merchants and products are the
 * catalog's tables, shared so inserts can check what they reference.
 */
export class MemoryCodesTables {
  readonly rules = new MemoryTable<CodeRule>();
  readonly packages = new MemoryTable<CodePackage>();
  readonly codes = new MemoryCodeIndex();
  readonly staging = new Map<string, StagingArea>();
  readonly printOrders = new MemoryTable<PrintOrder>();
  /** The next SSCC serial reference per company prefix and extension digit (`id` `<prefix>:<digit>`). */
  readonly ssccCounters = new MemoryTable<{ id: string; tenantId: string; next: number }>();

  constructor(
    readonly merchants: MemoryTable<Merchant>,
    readonly products: MemoryTable<Product>,
  ) {}

  /** How many rules and packages a merchant has (for the merchant delete check). */
  /** How many packages name the product, for the product delete check. */
  productPackages(tenantId: string, productId: string): number {
    return this.packages.some(tenantId, (pkg) => pkg.productId === productId).length;
  }

  merchantCodes(tenantId: string, merchantId: string) {
    return {
      codeRuleCount: this.rules.some(tenantId, (rule) => rule.merchantId === merchantId).length,
      codePackageCount: this.packages.some(tenantId, (pkg) => pkg.merchantId === merchantId).length,
    };
  }
}

/** Codes repositories over the memory tables, recording undo steps when `undo` is given. */
export function memoryCodesRepositories(
  tables: MemoryCodesTables,
  undo: UndoLog | null,
): CodesRepositories {
  return {
    codeRules: memoryCodeRuleRepository(tables, undo),
    codePackages: memoryCodePackageRepository(tables, undo),
    codeUploads: memoryCodeUploadRepository(tables, undo),
    printOrders: memoryPrintOrderRepository(tables, undo),
  };
}
