import type { CodeSource, Merchant, Product } from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import { countFromColumn, type MerchantsTable, type ProductsTable } from "../database.js";

/**
 * Timestamps come back as `Date` from both drivers (a string if the host
 * changed the type parser) and leave as `toISOString()`: UTC with milliseconds,
 * the form core stores.
 */
export function isoTimestamp(value: Date | string): string {
  return new Date(value).toISOString();
}

/** The core record of a `onecode_merchants` row. */
export function merchantFromRow(row: Selectable<MerchantsTable>): Merchant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    remark: row.remark,
    codeSource: row.code_source as CodeSource,
    urlPrefixes: row.url_prefixes,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_merchants` row of a core record. */
export function merchantToRow(merchant: Merchant): Insertable<MerchantsTable> {
  return {
    tenant_id: merchant.tenantId,
    id: merchant.id,
    name: merchant.name,
    remark: merchant.remark,
    code_source: merchant.codeSource,
    url_prefixes: [...merchant.urlPrefixes],
    created_at: merchant.createdAt,
    updated_at: merchant.updatedAt,
  };
}

/** The core record of a `onecode_products` row. */
export function productFromRow(row: Selectable<ProductsTable>): Product {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    merchantId: row.merchant_id,
    name: row.name,
    images: row.images,
    specification: row.specification,
    description: row.description,
    gtin: row.gtin,
    boundCodeCount: countFromColumn(row.bound_code_count),
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}
