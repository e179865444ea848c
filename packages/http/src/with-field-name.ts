import { isOneCodeError, OneCodeError } from "@onecode/core";
import { validationError } from "@onecode/core/adapter-kit";

const rename = (text: string, from: string, to: string) => text.replaceAll(from, to);

/**
 * Runs `call`, and when core names the input `from` in a `VALIDATION_FAILED`
 * or `NOT_FOUND` error, names it `to` instead: the field as the HTTP body
 * calls it, where core's parameter has another name (`newParentId` of
 * `moveEnterprise` is the body's `parentId`).
 */
export async function withFieldName<T>(
  from: string,
  to: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isOneCodeError(error, "VALIDATION_FAILED")) {
      const issues = error.details.issues;
      if (issues.some((issue) => issue.field === from)) {
        throw validationError(
          issues.map((issue) =>
            issue.field === from
              ? { ...issue, field: to, message: rename(issue.message, from, to) }
              : issue,
          ),
        );
      }
    }
    if (isOneCodeError(error, "NOT_FOUND") && error.details.field === from) {
      throw new OneCodeError("NOT_FOUND", error.message, { ...error.details, field: to });
    }
    throw error;
  }
}
