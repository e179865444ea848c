import { onecodeHandler } from "../../../lib/onecode.js";

// Next calls each exported method with the WHATWG Request (a NextRequest) and
// sends the Response back; OneCode's handler is exactly that shape.
export const GET = onecodeHandler;
export const POST = onecodeHandler;
export const PATCH = onecodeHandler;
export const DELETE = onecodeHandler;
export const OPTIONS = onecodeHandler;
export const HEAD = onecodeHandler;

/** Every answer depends on the request: never cache or prerender this route. */
export const dynamic = "force-dynamic";
