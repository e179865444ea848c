import { defineRoute, type Route } from "../define-route.js";
import { codeDigitalLinkSchema } from "../schemas/digital-link-schemas.js";
import { codeParams } from "../schemas/scan-schemas.js";

const getCodeDigitalLink = defineRoute({
  method: "GET",
  path: "/v1/codes/{code}/digital-link",
  operationId: "getCodeDigitalLink",
  summary: "A code's GS1 Digital Link and GS1 identity",
  description:
    "The Digital Link to print for the code (GS1 key on the brand's host, the bound batch's lot as AI 10 and expiry as AI 17, the code as `oc`), and the code's EPC as EPCIS documents name it: the GS1 key alone on `https://id.gs1.org`, without the code.",
  tags: ["gs1"],
  auth: "staff",
  params: codeParams,
  responses: { 200: { description: "The code's Digital Link.", schema: codeDigitalLinkSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.digitalLinks.forCode(tenant, params.code) };
  },
});

/** GS1 Digital Links of codes. */
export const digitalLinkRoutes: readonly Route[] = [getCodeDigitalLink];
