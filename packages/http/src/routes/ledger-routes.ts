import { defineRoute, type Route } from "../define-route.js";
import {
  ledgerEntriesQuery,
  ledgerEntryListSchema,
  sealVerificationSchema,
} from "../schemas/ledger-schemas.js";

const tags = ["ledger"];

const listLedgerEntries = defineRoute({
  method: "GET",
  path: "/v1/ledger/entries",
  operationId: "listLedgerEntries",
  summary: "List the tenant's ledger entries in sequence order",
  tags,
  auth: "staff",
  query: ledgerEntriesQuery,
  responses: {
    200: { description: "Entries after `afterSequence`.", schema: ledgerEntryListSchema },
  },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: { items: await onecode.seals.listEntries(tenant, query) } };
  },
});

const verifyLedger = defineRoute({
  method: "GET",
  path: "/v1/ledger/verification",
  operationId: "verifyLedger",
  summary: "Verify the tenant's whole ledger",
  description:
    "Walks the chain: links, entry hashes and every sealed subject's current content. A broken chain is a `200` with `valid: false` and the problems found.",
  tags,
  auth: "staff",
  responses: { 200: { description: "The verification.", schema: sealVerificationSchema } },
  errors: ["FORBIDDEN"],
  async handler({ onecode, tenant }) {
    return { status: 200, body: await onecode.seals.verifyChain(tenant) };
  },
});

/** The ledger routes (`/v1/ledger`). */
export const ledgerRoutes: readonly Route[] = [listLedgerEntries, verifyLedger];
