import { createOneCode } from "@onecode/core";
import { createHandler } from "@onecode/http";
import { authenticate } from "../../../common.js";

const handler = createHandler(createOneCode(), { basePath: "/api", authenticate });

export const GET = handler,
  HEAD = handler,
  POST = handler,
  PATCH = handler,
  DELETE = handler;
export const OPTIONS = handler;
export const dynamic = "force-dynamic";
