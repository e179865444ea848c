import type {
  AggregationChange,
  AggregationOperation,
  CodeLifecycleEntry,
  CodeStatus,
  LifecycleEntryFilter,
  Page,
  RepackInput,
  UnpackInput,
  VoidCodesInput,
  VoidCodesResult,
} from "@onecode/core";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import type {
  aggregationChangeSchema,
  aggregationOperationSchema,
  codeStatusSchema,
  lifecycleEntryListQuery,
  lifecycleEntryPageSchema,
  lifecycleEntrySchema,
  repackSchema,
  unpackSchema,
  voidCodesResultSchema,
  voidCodesSchema,
} from "../src/schemas/code-lifecycle-schemas.js";

type Out<S extends z.ZodType> = Immutable<z.output<S>>;

describe("code lifecycle schemas", () => {
  it("mirror core's records exactly", () => {
    expectTypeOf<Out<typeof codeStatusSchema>>().toEqualTypeOf<CodeStatus>();
    expectTypeOf<Out<typeof lifecycleEntrySchema>>().toEqualTypeOf<CodeLifecycleEntry>();
    expectTypeOf<Out<typeof lifecycleEntryPageSchema>>().toEqualTypeOf<
      Immutable<Page<CodeLifecycleEntry>>
    >();
    expectTypeOf<Out<typeof voidCodesResultSchema>>().toEqualTypeOf<VoidCodesResult>();
    expectTypeOf<Out<typeof aggregationChangeSchema>>().toEqualTypeOf<AggregationChange>();
    expectTypeOf<Out<typeof aggregationOperationSchema>>().toEqualTypeOf<
      Immutable<AggregationOperation>
    >();
  });

  it("produce what core's use cases take", () => {
    expectTypeOf<z.output<typeof voidCodesSchema>>().toExtend<VoidCodesInput>();
    expectTypeOf<z.output<typeof unpackSchema>>().toExtend<UnpackInput>();
    expectTypeOf<z.output<typeof repackSchema>>().toExtend<RepackInput>();
    expectTypeOf<
      Omit<z.output<typeof lifecycleEntryListQuery>, "limit" | "cursor">
    >().toExtend<LifecycleEntryFilter>();
  });
});
