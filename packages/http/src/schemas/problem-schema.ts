import { ERROR_CODES } from "@onecode/core";
import { z } from "zod";
import { HTTP_ERROR_CODES } from "../http-error.js";
import { openApiRegistry } from "./openapi-registry.js";

/** One broken rule on one field, as in core's `ValidationIssue`. */
export const validationIssueSchema = z
  .strictObject({
    field: z.string().register(openApiRegistry, {
      description: "Dotted path of the field, e.g. `name` or `urlPrefixes.0`.",
    }),
    rule: z.string().register(openApiRegistry, {
      description: "Machine name of the rule, e.g. `required`, `max_length`, `unknown_field`.",
    }),
    message: z.string(),
  })
  .register(openApiRegistry, { id: "ValidationIssue" });

/** One rejected line of an uploaded file (`UPLOAD_REJECTED`). */
export const lineIssueSchema = z
  .strictObject({
    line: z.int().min(0).register(openApiRegistry, {
      description:
        "1-based line number in the file (in the ZIP entry `file`, for ZIP uploads); 0 for the file as a whole.",
    }),
    file: z.string().optional().register(openApiRegistry, {
      description: "ZIP uploads: the entry the line belongs to.",
    }),
    rule: z.string().register(openApiRegistry, {
      description: "Machine name of the rule, e.g. `url_prefix`, `duplicate`, `malformed`.",
    }),
    message: z.string(),
  })
  .register(openApiRegistry, { id: "LineIssue" });

/** The RFC 9457 problem document of every error response. */
export const problemSchema = z
  .strictObject({
    type: z.string().register(openApiRegistry, { description: "URI naming the kind of problem." }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    code: z.enum([...ERROR_CODES, ...HTTP_ERROR_CODES]),
    instance: z.string().register(openApiRegistry, { description: "The request path." }),
    errors: z
      .array(z.union([validationIssueSchema, lineIssueSchema]))
      .optional()
      .register(openApiRegistry, {
        description:
          "Each broken rule: with its `field` for invalid input, with its `line` for a rejected upload.",
      }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .register(openApiRegistry, {
    id: "Problem",
    description: "An RFC 9457 problem (`application/problem+json`).",
  });
