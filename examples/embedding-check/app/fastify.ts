import { createOneCode } from "@onecode/core";
import { createHandler, toNodeListener } from "@onecode/http";
import Fastify from "fastify";
import { authenticate, postMerchant } from "./common.js";

const onecode = toNodeListener(createHandler(createOneCode(), { basePath: "/api", authenticate }));
const fastify = Fastify();
fastify.register((instance, _options, done) => {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", (_request, _payload, parsed) => parsed(null));
  instance.all("/api/*", (request, reply) => {
    reply.hijack();
    onecode(request.raw, reply.raw);
  });
  done();
});
const origin = await fastify.listen({ port: 0, host: "127.0.0.1" });
try {
  console.log(`fastify: merchant ${await postMerchant(`${origin}/api/v1/merchants`)}`);
} finally {
  await fastify.close();
}
