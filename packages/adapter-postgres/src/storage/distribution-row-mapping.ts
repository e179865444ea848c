import type {
  CodeHolding,
  CustomField,
  Enterprise,
  InboundType,
  OutboundType,
  Role,
  StaffMember,
  StockDocument,
  StockDocumentItem,
} from "@onecode/core";
import type { Insertable, Selectable } from "kysely";
import { countFromColumn } from "../database.js";
import type {
  CodeHoldingsTable,
  EnterprisesTable,
  StaffTable,
  StockDocumentItemsTable,
  StockDocumentsTable,
} from "../trace-tables.js";
import { isoTimestamp } from "./row-mapping.js";

/** The core record of a `onecode_enterprises` row. */
export function enterpriseFromRow(row: Selectable<EnterprisesTable>): Enterprise {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    parentId: row.parent_id,
    ancestorIds: row.ancestor_ids,
    name: row.name,
    address: row.address,
    salesRegion: row.sales_region,
    socialCreditCode: row.social_credit_code,
    gln: row.gln,
    customFields: row.custom_fields as CustomField[],
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The core record of a `onecode_staff` row. */
export function staffFromRow(row: Selectable<StaffTable>): StaffMember {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    loginName: row.login_name,
    displayName: row.display_name,
    roles: row.roles as Role[],
    enterpriseIds: row.enterprise_ids,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_staff` row of a core record. */
export function staffToRow(member: StaffMember): Insertable<StaffTable> {
  return {
    tenant_id: member.tenantId,
    id: member.id,
    login_name: member.loginName,
    display_name: member.displayName,
    roles: [...member.roles],
    enterprise_ids: [...member.enterpriseIds],
    created_at: member.createdAt,
    updated_at: member.updatedAt,
  };
}

/** The core record of a `onecode_stock_documents` row. */
export function stockDocumentFromRow(row: Selectable<StockDocumentsTable>): StockDocument {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    number: row.number,
    outboundType: row.outbound_type as OutboundType | null,
    inboundType: row.inbound_type as InboundType | null,
    fromEnterpriseId: row.from_enterprise_id,
    toEnterpriseId: row.to_enterprise_id,
    consumerVisible: row.consumer_visible,
    customFields: row.custom_fields as CustomField[],
    status: row.status as StockDocument["status"],
    codeCount: countFromColumn(row.code_count),
    createdBy: row.created_by,
    createdAt: isoTimestamp(row.created_at),
    updatedAt: isoTimestamp(row.updated_at),
  };
}

/** The `onecode_stock_documents` row of a core record. */
export function stockDocumentToRow(document: StockDocument): Insertable<StockDocumentsTable> {
  return {
    tenant_id: document.tenantId,
    id: document.id,
    number: document.number,
    outbound_type: document.outboundType,
    inbound_type: document.inboundType,
    from_enterprise_id: document.fromEnterpriseId,
    to_enterprise_id: document.toEnterpriseId,
    consumer_visible: document.consumerVisible,
    custom_fields: JSON.stringify(document.customFields),
    status: document.status,
    code_count: document.codeCount,
    created_by: document.createdBy,
    created_at: document.createdAt,
    updated_at: document.updatedAt,
  };
}

/** The columns of an item row the core record is made of. */
export type StockItemColumns = Pick<
  Selectable<StockDocumentItemsTable>,
  | "tenant_id"
  | "document_id"
  | "package_id"
  | "from_serial"
  | "to_serial"
  | "code"
  | "scanned_by"
  | "scanned_at"
>;

/** The core record of a `onecode_stock_document_items` row. */
export function stockItemFromRow(row: StockItemColumns): StockDocumentItem {
  return {
    tenantId: row.tenant_id,
    documentId: row.document_id,
    range: { packageId: row.package_id, fromSerial: row.from_serial, toSerial: row.to_serial },
    code: row.code,
    scannedBy: row.scanned_by,
    scannedAt: isoTimestamp(row.scanned_at),
  };
}

/** The core record of a `onecode_code_holdings` row. */
export function holdingFromRow(
  row: Pick<Selectable<CodeHoldingsTable>, "holder_id" | "document_id" | "since">,
): CodeHolding {
  return {
    enterpriseId: row.holder_id,
    documentId: row.document_id,
    since: isoTimestamp(row.since),
  };
}
