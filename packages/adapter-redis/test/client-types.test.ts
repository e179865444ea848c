import type { Cluster, ClusterOptions, Redis } from "ioredis";
import type {
  Cluster as Cluster5,
  ClusterOptions as ClusterOptions5,
  Redis as Redis5,
} from "ioredis5";
import { describe, expectTypeOf, it } from "vitest";
import { failFastClusterOptions, type RedisClient } from "../src/index.js";

// Checked by `npm run typecheck`: a host passes its client as it is, whichever major it installed.
describe("the clients redisHotState accepts", () => {
  it("takes a Redis or a Cluster of ioredis 5 and of ioredis 6, with either reply mapping", () => {
    expectTypeOf<Redis5>().toExtend<RedisClient>();
    expectTypeOf<Cluster5>().toExtend<RedisClient>();
    expectTypeOf<Redis>().toExtend<RedisClient>();
    expectTypeOf<Cluster>().toExtend<RedisClient>();
    expectTypeOf<Redis<"resp3">>().toExtend<RedisClient>();
    expectTypeOf<Cluster<"resp3">>().toExtend<RedisClient>();
  });
});

describe("failFastClusterOptions", () => {
  it("is a Cluster option set of ioredis 5 and of ioredis 6", () => {
    expectTypeOf(failFastClusterOptions).toExtend<ClusterOptions>();
    expectTypeOf(failFastClusterOptions).toExtend<ClusterOptions5>();
  });
});
