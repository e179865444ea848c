import { AUDIT_FILTER_TEXT_MAX, AUDIT_TARGET_TYPE_MAX } from "@onecode/core/input-rules";
import { z } from "zod";
import { pageQueryShape, pageSchema, timestampSchema } from "./common.js";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

const auditValue = (description: string) =>
  z.unknown().optional().register(openApiRegistry, { description });

/** One changed field of an audit entry (core's `AuditFieldChange`). */
export const auditFieldChangeSchema = z
  .strictObject({
    before: auditValue("The value before the change; absent when the field came into being."),
    after: auditValue("The value after the change; absent when the record was deleted."),
  })
  .register(openApiRegistry, {
    id: "AuditFieldChange",
    description:
      "A JSON value before and after. Secret fields read `[redacted]`, text is cut to 200 characters, large lists and objects read `[omitted: N characters of JSON]`.",
  });

/** An entry of the audit log (core's `AuditEntry`). */
export const auditEntrySchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    actor: z.strictObject({
      kind: z.enum(["staff", "system", "consumer"]),
      id: z.string(),
    }),
    action: z.string().register(openApiRegistry, {
      description:
        "Dotted `module.record.verb`, e.g. `codes.package.created`, `trace.batch.activated`.",
    }),
    target: z.strictObject({
      type: z.string().register(openApiRegistry, {
        description: "The kind of record, e.g. `merchant`, `trace_batch`, `code_package`.",
      }),
      id: z.string(),
    }),
    at: timestampSchema,
    changes: z.record(z.string(), auditFieldChangeSchema).register(openApiRegistry, {
      description: "The changed fields (or counts of a bulk change) by name.",
    }),
  })
  .register(openApiRegistry, {
    id: "AuditEntry",
    description:
      "A state change made by a staff member or the system, written in the same transaction as the change; never updated or deleted.",
  });

/** One page of audit entries. */
export const auditEntryPageSchema = pageSchema(auditEntrySchema, "AuditEntryPage");

const filterText = (max: number, description: string) =>
  boundedText({ min: 1, max, description }).optional();

/** Query of `GET /v1/audit-log`. */
export const auditLogListQuery = z.strictObject({
  actorId: filterText(AUDIT_FILTER_TEXT_MAX, "Only changes made by this actor."),
  targetType: filterText(AUDIT_TARGET_TYPE_MAX, "Only changes to records of this type."),
  targetId: filterText(AUDIT_FILTER_TEXT_MAX, "Only changes to the record with this id."),
  action: filterText(AUDIT_FILTER_TEXT_MAX, "Only this action, e.g. `trace.batch.activated`."),
  from: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only changes made at or after this ISO-8601 instant.",
  }),
  to: z.iso.datetime({ offset: true }).optional().register(openApiRegistry, {
    description: "Only changes made before this ISO-8601 instant.",
  }),
  ...pageQueryShape,
});
