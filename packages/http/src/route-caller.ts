import { OneCodeError, type TenantContext } from "@onecode/core";
import type { RouteAuth } from "./define-route.js";
import { HttpError } from "./http-error.js";

/** The host's authentication functions, as {@link callerOf} uses them. */
export interface RouteAuthenticators {
  authenticate(request: Request): Promise<TenantContext | null>;
  authenticateConsumer?(request: Request): Promise<TenantContext | null>;
}

/**
 * Who calls a route, by its `auth`: nobody on public routes; on staff routes
 * the actor `authenticate` returns, which must not be a consumer; on
 * consumer routes the consumer `authenticateConsumer` (or, without it,
 * `authenticate`) returns. Missing credentials answer 401, the wrong kind
 * of actor 403, before the request's input is read.
 */
export async function callerOf(
  auth: RouteAuth,
  request: Request,
  authenticators: RouteAuthenticators,
): Promise<TenantContext | null> {
  if (auth === "public") return null;
  const authenticate =
    auth === "consumer"
      ? (authenticators.authenticateConsumer ?? authenticators.authenticate)
      : authenticators.authenticate;
  const caller = await authenticate(request);
  if (!caller) throw new HttpError("UNAUTHENTICATED", "A valid bearer token is required");
  const { actor } = caller;
  if (auth === "staff" && actor.kind === "consumer") {
    throw new OneCodeError(
      "FORBIDDEN",
      `consumer ${actor.id} cannot use staff routes; they need a staff or system actor`,
      { actor: actor.id },
    );
  }
  if (auth === "consumer" && actor.kind !== "consumer") {
    throw new OneCodeError(
      "FORBIDDEN",
      `this route acts for a consumer account; ${actor.kind} ${actor.id} is not one`,
      { actor: actor.id },
    );
  }
  return caller;
}
