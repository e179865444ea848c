import { isValidGtin, toGtin14 } from "../../catalog/gtin.js";

/** The origin of canonical GS1 Digital Link URIs (GS1's own resolver). */
export const GS1_ID_ORIGIN = "https://id.gs1.org";

/** Primary-key AIs whose Digital Link URIs are canonicalised, with the qualifiers each may keep. */
const KEY_QUALIFIERS: Readonly<Record<string, readonly string[]>> = {
  "00": [],
  "01": ["21", "235", "10"],
  "253": [],
  "255": [],
  "401": [],
  "402": [],
  "414": ["254"],
  "417": [],
  "8003": [],
  "8004": [],
  "8006": ["21", "10"],
  "8010": ["8011"],
  "8017": [],
  "8018": [],
};

/** Fixed-length numeric keys; the others are only required to be present. */
const NUMERIC_KEYS: Readonly<Record<string, number>> = { "00": 18, "414": 13, "417": 13 };

function isKeyValue(ai: string, value: string | undefined): value is string {
  if (value === undefined || value === "") return false;
  if (ai === "01") return isValidGtin(value);
  const length = NUMERIC_KEYS[ai];
  return length === undefined || new RegExp(`^\\d{${length}}$`).test(value);
}

/**
 * The constrained canonical form of a GS1 Digital Link URI that EPCIS
 * documents and the CBV 2.0 event hash use: on `https://id.gs1.org`, no
 * query or fragment, GTINs as 14 digits, and only the finest identification
 * (`/01/<gtin>/21/<serial>` drops a lot `/10/…` and a variant `/22/…`).
 * Text that is no Digital Link (no primary-key AI in its path) comes back
 * unchanged.
 *
 * @example
 * ```ts
 * canonicalGs1Uri("https://t.acme.example/01/6901234567892/10/L1/21/S1?17=270401&oc=AbC");
 * // "https://id.gs1.org/01/06901234567892/21/S1"
 * ```
 */
export function canonicalGs1Uri(text: string): string {
  if (!/^https?:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const at = segments.findIndex(
    (segment, index) => segment in KEY_QUALIFIERS && isKeyValue(segment, segments[index + 1]),
  );
  if (at < 0) return text;
  const ai = segments[at] as string;
  const key = ai === "01" ? toGtin14(segments[at + 1] as string) : (segments[at + 1] as string);
  const qualifiers = new Map<string, string>();
  for (let index = at + 2; index + 1 < segments.length; index += 2) {
    qualifiers.set(segments[index] as string, segments[index + 1] as string);
  }
  // The first qualifier present in order of preference is the finest level.
  const kept = (KEY_QUALIFIERS[ai] ?? []).find((qualifier) => qualifiers.has(qualifier));
  const tail = kept === undefined ? "" : `/${kept}/${qualifiers.get(kept)}`;
  return `${GS1_ID_ORIGIN}/${ai}/${key}${tail}`;
}
