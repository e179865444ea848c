import { z } from "zod";
import { codeLevelSchema } from "./code-package-schemas.js";
import { openApiRegistry } from "./openapi-registry.js";

/** A code's Digital Link and GS1 identity (core's `CodeDigitalLink`). */
export const codeDigitalLinkSchema = z
  .strictObject({
    code: z.string(),
    packageId: z.string(),
    serial: z.int(),
    level: codeLevelSchema,
    batchId: z.string().nullable().register(openApiRegistry, {
      description: "The batch the package is bound to; `null` before binding (no lot, no expiry).",
    }),
    digitalLink: z.string().nullable().register(openApiRegistry, {
      description:
        "The Digital Link to print; `null` when the code's level has no GS1 key (no product GTIN, or a packaging level without its own key).",
    }),
    epc: z.string().register(openApiRegistry, {
      description:
        "How EPCIS documents name the code: its GS1 key alone as canonical Digital Link URI, or a private URI under the brand's host; never the code.",
    }),
    gtin: z.string().nullable().register(openApiRegistry, { description: "GTIN-14 (AI 01)." }),
    sscc: z.string().nullable().register(openApiRegistry, { description: "SSCC (AI 00)." }),
    aiSerial: z.string().nullable().register(openApiRegistry, { description: "Serial (AI 21)." }),
    lot: z.string().nullable().register(openApiRegistry, {
      description:
        "Lot (AI 10): the bound batch's number, when it has 1-20 characters of GS1 character set 82.",
    }),
    lotOmitted: z.enum(["length", "charset"]).nullable().register(openApiRegistry, {
      description:
        "Why the batch number is not printed as AI 10: `length` (over 20 characters) or `charset` (outside set 82, e.g. CJK or spaces).",
    }),
    expiry: z.string().nullable().register(openApiRegistry, {
      description: "Expiry (AI 17) as YYMMDD, from the bound batch.",
    }),
    codeUrl: z.string().register(openApiRegistry, {
      description: "The plain code URL (the uploaded URL, or the merchant's prefix + code).",
    }),
  })
  .register(openApiRegistry, {
    id: "CodeDigitalLink",
    description: "A code's GS1 Digital Link and how EPCIS names it.",
  });
