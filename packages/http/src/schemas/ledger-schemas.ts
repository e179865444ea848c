import { MAX_PAGE_LIMIT } from "@onecode/core/input-rules";
import { z } from "zod";
import { timestampSchema } from "./common.js";
import { openApiRegistry } from "./openapi-registry.js";

const sha256 = (description: string) =>
  z.string().register(openApiRegistry, { description: `Hex SHA-256: ${description}` });

/** Where a subject's seal sits in the ledger (core's `SealReference`). */
export const sealReferenceSchema = z
  .strictObject({
    sequence: z.int().min(1),
    hash: sha256("the ledger entry's hash."),
    sealedAt: timestampSchema,
  })
  .register(openApiRegistry, { id: "SealReference" });

/** What a ledger entry seals (core's `SealSubjectKind`). */
export const sealSubjectKindSchema = z
  .enum(["batch", "production_task"])
  .register(openApiRegistry, { id: "SealSubjectKind" });

/** One ledger entry (core's `LedgerEntry`). */
export const ledgerEntrySchema = z
  .strictObject({
    tenantId: z.string(),
    sequence: z.int().min(1).register(openApiRegistry, {
      description: "1, 2, 3, ... without gaps, per tenant.",
    }),
    subjectKind: sealSubjectKindSchema,
    subjectId: z.string(),
    contentHash: sha256("the sealed content in canonical JSON."),
    previousHash: sha256("the previous entry's hash; 64 zeros for the first entry."),
    hash: sha256("all the fields above plus `recordedAt`, in canonical JSON."),
    recordedAt: timestampSchema,
    anchorId: z.string().nullable().register(openApiRegistry, {
      description: "The ledger-anchor port's receipt; `null` until anchored.",
    }),
    anchoredAt: timestampSchema.nullable(),
  })
  .register(openApiRegistry, {
    id: "LedgerEntry",
    description:
      "An entry of the tenant's append-only, hash-chained ledger (上链记录). Editing, dropping or reordering entries breaks the chain.",
  });

/** Body of `GET /v1/ledger/entries`. */
export const ledgerEntryListSchema = z
  .strictObject({
    items: z.array(ledgerEntrySchema).register(openApiRegistry, {
      description:
        "Entries in ascending sequence; pass the last one's `sequence` as `afterSequence` for the next page.",
    }),
  })
  .register(openApiRegistry, { id: "LedgerEntryList" });

/** One problem a verification found (core's `LedgerProblem`). */
export const ledgerProblemSchema = z
  .strictObject({
    sequence: z.int(),
    problem: z.enum([
      "entry_hash_mismatch",
      "broken_link",
      "sequence_gap",
      "content_mismatch",
      "subject_missing",
    ]),
    subjectKind: sealSubjectKindSchema,
    subjectId: z.string(),
  })
  .register(openApiRegistry, { id: "LedgerProblem" });

/** Result of a seal or chain verification (core's `SealVerification`). */
export const sealVerificationSchema = z
  .strictObject({
    valid: z.boolean(),
    entries: z.int().min(0).register(openApiRegistry, { description: "Entries checked." }),
    problems: z.array(ledgerProblemSchema),
  })
  .register(openApiRegistry, { id: "SealVerification" });

/** Query of `GET /v1/ledger/entries`. */
export const ledgerEntriesQuery = z.strictObject({
  afterSequence: z.coerce.number<string>().int().min(0).optional().register(openApiRegistry, {
    description: "Return entries after this sequence; 0 (the start) when absent.",
  }),
  limit: z.coerce
    .number<string>()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .optional()
    .register(openApiRegistry, {
      description: `Entries per page, 1-${MAX_PAGE_LIMIT}; 50 when absent.`,
    }),
});
