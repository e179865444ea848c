import { createHash } from "node:crypto";
import { InputCheck } from "../kernel/input-check.js";
import { tenantContext } from "../kernel/tenant.js";
import { parseDigitalLink } from "./digital-link.js";
import type { ConsumerScanInput } from "./scan.js";
import { codeFromScan, SCANNED_TEXT_MAX, scanRecordKey } from "./scan-input.js";
import type { ScannedKey } from "./scan-link-check.js";

/** Limits of public scan inputs. */
export const SCAN_INPUT_LIMITS = Object.freeze({ ipMax: 100, visitorIdMax: 128, userIdMax: 128 });

/** A consumer scan after validation. */
export interface CheckedScan {
  readonly tenantId: string;
  /**
   * The code scanned; for a Digital Link without its code, the GS1 key as
   * canonical Digital Link URI (what the scan is recorded under).
   */
  readonly code: string;
  /** The GS1 key of a scanned Digital Link, else `null`. */
  readonly key: ScannedKey | null;
  /** True for a Digital Link without its code (`oc`): the key alone, nothing verifies it. */
  readonly keyOnly: boolean;
  readonly ip: string;
  /** As given, else `user:<userId>`, else a hash of tenant and address. */
  readonly visitorId: string;
  readonly userId: string | null;
}

/**
 * The visitor a scan counts for: the client's visitor id, else
 * `user:<userId>`, else `ip:` and 16 hex digits of SHA-256 over tenant and
 * address (no raw address is stored), so distinct visitors are counted even
 * when the client keeps no cookie.
 */
export function visitorOf(
  tenantId: string,
  ip: string,
  visitorId: string | null,
  userId: string | null,
): string {
  if (visitorId) return visitorId;
  if (userId) return `user:${userId}`;
  return `ip:${createHash("sha256").update(`${tenantId}\u0000${ip}`).digest("hex").slice(0, 16)}`;
}

function optionalText(check: InputCheck, field: string, value: unknown, max: number) {
  if (value === undefined || value === null || value === "") return null;
  return check.text(field, value, { max }) || null;
}

/**
 * Checks a public scan: the tenant id, the scanned text (a code, a code URL
 * or a Digital Link, at most 2,000 characters, holding a well-formed code),
 * the client address and the optional visitor and user ids. Malformed text
 * is refused with `VALIDATION_FAILED`; that says nothing about which codes
 * exist, since every well-formed code gets an answer of the same shape.
 */
export function checkConsumerScan(input: ConsumerScanInput): CheckedScan {
  const value = (input ?? {}) as ConsumerScanInput;
  const check = new InputCheck();
  const tenantId = check.include(() => tenantContext(value.tenantId).tenantId, "");
  let code = "";
  let key: ScannedKey | null = null;
  let keyOnly = false;
  const scanned = check.text("code", value.code, { max: SCANNED_TEXT_MAX });
  if (scanned) {
    const link = /^https?:\/\//i.test(scanned.trim()) ? parseDigitalLink(scanned.trim()) : null;
    if (link) key = { gtin: link.gtin, sscc: link.sscc, lot: link.lot, serial: link.serial };
    keyOnly = link !== null && link.code === null;
    code = keyOnly ? scanRecordKey(scanned) : (codeFromScan(scanned) ?? "");
    if (!code) {
      check.fail("code", "code_format", "code must be a code, a code URL or a GS1 Digital Link");
    }
  }
  const ip = check.text("ip", value.ip, { max: SCAN_INPUT_LIMITS.ipMax });
  const visitorId = optionalText(
    check,
    "visitorId",
    value.visitorId,
    SCAN_INPUT_LIMITS.visitorIdMax,
  );
  const userId = optionalText(check, "userId", value.userId, SCAN_INPUT_LIMITS.userIdMax);
  check.done();
  const visitor = visitorOf(tenantId, ip, visitorId, userId);
  return { tenantId, code, key, keyOnly, ip, visitorId: visitor, userId };
}
