/** Types of a custom field (自定义字段) on batches, production lines, tasks, enterprises and documents. */
export type CustomFieldType =
  | "text"
  | "long_text"
  | "image"
  | "large_image"
  | "video"
  | "mini_program_link";

/** The field types, for validation and schemas. */
export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
  "text",
  "long_text",
  "image",
  "large_image",
  "video",
  "mini_program_link",
];

/**
 * One custom field, in display order. `content` is never empty: plain text
 * (`text` ≤ 200, `long_text` ≤ 5,000 characters), an absolute http(s) URL
 * without a fragment, ≤ 500 characters (`image`, `large_image`, `video`), or
 * a mini-program link (`mini_program_link`, ≤ 500 characters, e.g.
 * `appid:wx123/pages/detail?id=1`). Checked by `checkCustomFields`.
 */
export interface CustomField {
  /** 1-20 characters. */
  readonly title: string;
  readonly type: CustomFieldType;
  readonly content: string;
  /** Whether consumers see it on the scan page. */
  readonly showOnScan: boolean;
}

/**
 * A custom field as given to create and update calls: `showOnScan` may be
 * left out and then defaults to `true`.
 */
export interface CustomFieldInput extends Omit<CustomField, "showOnScan"> {
  /** Whether consumers see it on the scan page; `true` when omitted. */
  readonly showOnScan?: boolean | undefined;
}
