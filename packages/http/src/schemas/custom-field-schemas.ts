import { CUSTOM_FIELD_TYPES, CUSTOM_FIELD_LIMITS as L } from "@onecode/core/input-rules";
import { z } from "zod";
import { boundedText, openApiRegistry } from "./openapi-registry.js";

/** Type of a custom field (core's `CustomFieldType`). */
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES).register(openApiRegistry, {
  id: "CustomFieldType",
  description:
    "`text`, `long_text`, `image`, `large_image`, `video` (absolute http(s) URLs) or `mini_program_link` (`appid:<id>/<page path>`).",
});

/** One custom field as sent (core's `CustomField`, `showOnScan` optional). */
export const customFieldInputSchema = z
  .strictObject({
    title: boundedText({ min: 1, max: L.titleMax, description: `1-${L.titleMax} characters.` }),
    type: customFieldTypeSchema,
    content: boundedText({
      min: 1,
      max: L.longTextMax,
      description: `By type: \`text\` up to ${L.textMax} characters, \`long_text\` up to ${L.longTextMax}, \`image\`/\`large_image\`/\`video\` an absolute http(s) URL of up to ${L.urlMax}, \`mini_program_link\` up to ${L.miniProgramLinkMax}.`,
    }),
    // Core defaults it to `true` as well; the default here gives routes core's `CustomField` type.
    showOnScan: z.boolean().default(true).register(openApiRegistry, {
      description: "Whether consumers see the field on the scan page; `true` when absent.",
    }),
  })
  .register(openApiRegistry, {
    id: "CustomFieldInput",
    description: "A custom field (自定义字段).",
  });

/** An ordered list of custom fields as sent. */
export const customFieldsInputSchema = z
  .array(customFieldInputSchema)
  .max(L.fieldsMax)
  .register(openApiRegistry, {
    description: `Up to ${L.fieldsMax} custom fields, in display order.`,
  });

/** One custom field as core returns it (core's `CustomField`). */
export const customFieldSchema = z
  .strictObject({
    title: z.string(),
    type: customFieldTypeSchema,
    content: z.string(),
    showOnScan: z.boolean(),
  })
  .register(openApiRegistry, {
    id: "CustomField",
    description: "A custom field (自定义字段), in display order.",
  });
