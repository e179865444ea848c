import { InputCheck } from "../../kernel/input-check.js";
import { checkCustomFields } from "../custom-field-check.js";
import type {
  InboundType,
  NewStockDocumentInput,
  OutboundType,
  StockDocument,
} from "./distribution.js";

/** Outbound types (出库类型), for validation and schemas. */
export const OUTBOUND_TYPES: readonly OutboundType[] = [
  "sale",
  "sampling",
  "return",
  "destruction",
  "transfer",
  "other",
];

/** Inbound types (入库类型), for validation and schemas. */
export const INBOUND_TYPES: readonly InboundType[] = [
  "production",
  "purchase",
  "return",
  "transfer",
  "other",
];

/** The fields of a new stock document after validation (the flow is checked separately). */
export type StockDocumentFields = Pick<
  StockDocument,
  | "outboundType"
  | "inboundType"
  | "fromEnterpriseId"
  | "toEnterpriseId"
  | "consumerVisible"
  | "customFields"
>;

function optionalId(check: InputCheck, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return check.text(field, value, { max: 100 });
}

/**
 * Checks the shape of a new stock document: the types are one of
 * {@link OUTBOUND_TYPES} / {@link INBOUND_TYPES} or absent, the enterprise
 * ids strings or absent, `consumerVisible` a boolean (default `false`: the
 * step is hidden from consumers until the brand says otherwise), custom
 * fields. The flow rules come after, in `checkStockFlow`.
 */
export function checkNewStockDocument(input: NewStockDocumentInput): StockDocumentFields {
  const check = new InputCheck();
  const value = (input ?? {}) as NewStockDocumentInput;
  const present = (item: unknown) => item !== undefined && item !== null;
  const outboundType = present(value.outboundType)
    ? check.oneOf("outboundType", value.outboundType, OUTBOUND_TYPES)
    : null;
  const inboundType = present(value.inboundType)
    ? check.oneOf("inboundType", value.inboundType, INBOUND_TYPES)
    : null;
  const fromEnterpriseId = optionalId(check, "fromEnterpriseId", value.fromEnterpriseId);
  const toEnterpriseId = optionalId(check, "toEnterpriseId", value.toEnterpriseId);
  let consumerVisible = false;
  if (typeof value.consumerVisible === "boolean") consumerVisible = value.consumerVisible;
  else if (value.consumerVisible !== undefined) {
    check.fail("consumerVisible", "type", "consumerVisible must be true or false");
  }
  const customFields = checkCustomFields(check, value.customFields);
  check.done();
  return {
    outboundType,
    inboundType,
    fromEnterpriseId,
    toEnterpriseId,
    consumerVisible,
    customFields,
  };
}
