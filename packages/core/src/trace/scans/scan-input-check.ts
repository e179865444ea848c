import { createHash } from "node:crypto";
import { InputCheck } from "../../kernel/input-check.js";
import { tenantContext } from "../../kernel/tenant.js";
import { parseDigitalLink } from "../gs1/digital-link.js";
import { clientNetworkOf } from "./client-network.js";
import { type ConsumerScanInput, UNKNOWN_CLIENT_ADDRESS } from "./scan.js";
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
  /** The visitor the scan counts for: the client address (its /64 network for IPv6) when known, else the declared visitor or user id. */
  readonly visitorId: string;
  /** The visitor id the client declared, or `null`. */
  readonly declaredVisitorId: string | null;
  readonly userId: string | null;
}

/** `prefix:` and 16 hex digits of SHA-256 over tenant and `value`: no raw address is stored. */
function hashed(prefix: string, tenantId: string, value: string): string {
  const digest = createHash("sha256").update(`${tenantId}\u0000${value}`).digest("hex");
  return `${prefix}:${digest.slice(0, 16)}`;
}

/**
 * The visitor a scan counts for. With a known client address it is the
 * address (an IPv6 one by its /64 network, see `clientNetworkOf`), as
 * `ip:` and a hash over tenant and address, whatever visitor or user id the
 * client declares: visitor ids declared by one client address count as one
 * visitor, so one client cannot make a genuine code look suspicious by
 * making ids up. (The price: people behind one shared address, a NAT or a
 * corporate proxy, count as one visitor.) Only when the address is
 * `UNKNOWN_CLIENT_ADDRESS` does the declaration count: `visitor:<id>`,
 * else `user:<userId>`, else the unknown address itself.
 */
export function visitorOf(
  tenantId: string,
  ip: string,
  declaredVisitorId: string | null,
  userId: string | null,
): string {
  if (ip !== UNKNOWN_CLIENT_ADDRESS) return hashed("ip", tenantId, clientNetworkOf(ip));
  if (declaredVisitorId) return `visitor:${declaredVisitorId}`;
  if (userId) return `user:${userId}`;
  return hashed("ip", tenantId, ip);
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
  return {
    tenantId,
    code,
    key,
    keyOnly,
    ip,
    visitorId: visitorOf(tenantId, ip, visitorId, userId),
    declaredVisitorId: visitorId,
    userId,
  };
}
