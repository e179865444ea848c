import { checkClaimInput, checkDrawInput } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  claimInputSchema,
  claimResultSchema,
  drawIdParams,
  drawInputSchema,
  drawResultPageSchema,
  drawResultSchema,
  myDrawListQuery,
} from "../schemas/draw-schemas.js";

const tags = ["my-draws"];

function hasRecipient(body: unknown): boolean {
  return typeof body === "object" && body !== null && "recipient" in body;
}

const drawMyCode = defineRoute({
  method: "POST",
  path: "/v1/my/draws",
  operationId: "drawMyCode",
  summary: "Play a scanned code in its campaign (抽奖)",
  description:
    "The signed-in consumer plays the code of an active activity batch. Each code plays once, ever (`CODE_ALREADY_PLAYED`); the campaign must be online and inside its window (`CAMPAIGN_NOT_OPEN`, `details.reason`: `not_started`, `ended`, `paused`, `closed`). A prize beyond its slot's allocation or the account's limit is not given: the draw answers `won: false` with the reason.",
  tags,
  auth: "consumer",
  body: drawInputSchema,
  coreCheck: (body: unknown) => checkDrawInput(body),
  responses: {
    201: { description: "The draw and what it gave.", schema: drawResultSchema },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "CODE_ALREADY_PLAYED", "CAMPAIGN_NOT_OPEN"],
  async handler({ onecode, tenant, body }) {
    return { status: 201, body: await onecode.draws.draw(tenant, body) };
  },
});

const listMyDraws = defineRoute({
  method: "GET",
  path: "/v1/my/draws",
  operationId: "listMyDraws",
  summary: "The consumer's own draws, newest first",
  tags,
  auth: "consumer",
  query: myDrawListQuery,
  responses: { 200: { description: "One page of draws.", schema: drawResultPageSchema } },
  errors: [],
  async handler({ onecode, tenant, query }) {
    return { status: 200, body: await onecode.draws.myDraws(tenant, query) };
  },
});

const claimMyPrize = defineRoute({
  method: "POST",
  path: "/v1/my/draws/{drawId}/claim",
  operationId: "claimMyPrize",
  summary: "Claim a prize the consumer won",
  description:
    "A physical prize needs `recipient`; other kinds refuse it. A CDK prize gives the next key in file order, shown only here. Claiming again answers the first claim and pays nothing twice. `PRIZE_NOT_CLAIMABLE`: the draw won nothing or the prize expired; `PRIZE_STOCK_SHORT`: no CDK key left.",
  tags,
  auth: "consumer",
  params: drawIdParams,
  body: claimInputSchema,
  // The route does not know the prize's kind: a recipient given is judged as a physical prize's,
  // and the service refuses one given for another kind.
  coreCheck: (body: unknown) => checkClaimInput(body, hasRecipient(body)),
  responses: { 200: { description: "What the claim gave.", schema: claimResultSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRIZE_NOT_CLAIMABLE", "PRIZE_STOCK_SHORT"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.draws.claim(tenant, params.drawId, body) };
  },
});

/** The consumer's draw routes: play a code, list the draws, claim a prize. */
export const myDrawRoutes: readonly Route[] = [drawMyCode, listMyDraws, claimMyPrize];
