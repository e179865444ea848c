import { createHash } from "node:crypto";
import type { Product } from "../../catalog/product.js";
import type { SealedProductInfo, TraceBatch } from "../batches/trace-batch.js";
import type { ProductionTask } from "../production/production.js";
import { canonicalJson } from "./canonical-json.js";
import type { LedgerEntry } from "./ledger.js";

/** The `previousHash` of a tenant's first ledger entry: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The product information a seal freezes, taken from the catalog product. */
export function sealedProductOf(product: Product): SealedProductInfo {
  return {
    name: product.name,
    specification: product.specification,
    description: product.description,
    images: [...product.images],
    gtin: product.gtin,
  };
}

/**
 * What sealing a batch hashes: its trace fields, merchant and product ids
 * and the product snapshot. Built from stored rows only, so verification can
 * rebuild it exactly; `format` names the layout for future versions.
 */
export function batchSealContent(batch: TraceBatch, product: SealedProductInfo | null) {
  return {
    format: "onecode.seal.batch/1",
    batchId: batch.id,
    merchantId: batch.merchantId,
    productId: batch.productId,
    batchNumber: batch.batchNumber,
    productionDate: batch.productionDate,
    shelfLifeDays: batch.shelfLifeDays,
    expiryDate: batch.expiryDate,
    remark: batch.remark,
    customFields: batch.customFields,
    product,
  };
}

/** What sealing a production task hashes: its fields and the line snapshot taken when it became effective. */
export function taskSealContent(task: ProductionTask) {
  return {
    format: "onecode.seal.production_task/1",
    taskId: task.id,
    batchId: task.batchId,
    lineId: task.lineId,
    name: task.name,
    personInCharge: task.personInCharge,
    executedAt: task.executedAt,
    customFields: task.customFields,
    line: task.line,
  };
}

/** Hex SHA-256 of the content's canonical JSON. */
export function contentHashOf(content: object): string {
  return sha256Hex(canonicalJson(content));
}

/** The fields an entry hash covers. */
export type HashedEntryFields = Pick<
  LedgerEntry,
  | "tenantId"
  | "sequence"
  | "subjectKind"
  | "subjectId"
  | "contentHash"
  | "previousHash"
  | "recordedAt"
>;

/**
 * Hex SHA-256 over the canonical JSON of the entry's tenant, sequence,
 * subject, content hash, previous hash and time: changing any of them, or
 * re-linking the entry elsewhere, changes the hash.
 */
export function entryHashOf(entry: HashedEntryFields): string {
  return sha256Hex(
    canonicalJson({
      tenantId: entry.tenantId,
      sequence: entry.sequence,
      subjectKind: entry.subjectKind,
      subjectId: entry.subjectId,
      contentHash: entry.contentHash,
      previousHash: entry.previousHash,
      recordedAt: entry.recordedAt,
    }),
  );
}
