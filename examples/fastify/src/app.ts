import { createOneCode, type TenantContext, tenantContext } from "@onecode/core";
import { createHandler, toNodeListener } from "@onecode/http";
import Fastify, { type FastifyInstance, type FastifyPluginCallback } from "fastify";

/** Your own authentication; here one fixed bearer token for tenant `demo`. */
async function authenticate(request: Request): Promise<TenantContext | null> {
  if (request.headers.get("authorization") !== "Bearer demo-admin") return null;
  return tenantContext("demo", { id: "demo-user", kind: "staff", roles: ["admin"] });
}

/**
 * OneCode's routes as a Fastify plugin. Fastify parses JSON bodies before a
 * route runs; inside this plugin (and only here) a catch-all parser leaves
 * the body unread, so OneCode streams it with its own limits.
 */
const onecodeRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const onecode = toNodeListener(
    createHandler(createOneCode(), { basePath: "/api", authenticate }),
  );
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", (_request, _payload, parsed) => parsed(null));
  instance.all("/api/*", (request, reply) => {
    reply.hijack();
    onecode(request.raw, reply.raw);
  });
  done();
};

/** A Fastify app with its own routes and OneCode's API (in-memory storage) under `/api`. */
export function createApp(): FastifyInstance {
  const app = Fastify();
  app.get("/hello", async () => ({ hello: "world" }));
  app.register(onecodeRoutes);
  return app;
}
