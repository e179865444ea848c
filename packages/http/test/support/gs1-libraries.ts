import { createRequire } from "node:module";

/**
 * GS1-ecosystem libraries OneCode does not use itself, loaded only by tests
 * to check what OneCode writes against independent implementations:
 * - `digital-link.js` (EVRYTHNG, GS1 Digital Link grammar 1.x in ABNF) and the
 *   GS1 Digital Link toolkit it bundles (GS1's own prototype by Mark Harrison),
 *   which turns a Digital Link into GS1 element strings and checks every AI's
 *   format and check digit;
 * - `epcis2.js` (EVRYTHNG's EPCIS 2.0 SDK), whose event hash generator
 *   implements the CBV 2.0 event hash ID.
 * They ship CommonJS without types, hence `require` and the shapes below.
 */
const require = createRequire(import.meta.url);

interface DigitalLinkObject {
  isValid(): boolean;
}
const { DigitalLink } = require("digital-link.js") as {
  DigitalLink: (uri: string) => DigitalLinkObject;
};
type Toolkit = { gs1digitalLinkToGS1elementStrings(uri: string, brackets: boolean): string };
const GS1DigitalLinkToolkit =
  require("digital-link.js/lib/GS1DigitalLinkCompressionPrototype/GS1DigitalLinkToolkit.js") as new () => Toolkit;
const { eventToHashedId } = require("epcis2.js") as {
  eventToHashedId(event: object, context: object, throwError?: boolean): string;
};

const toolkit = new GS1DigitalLinkToolkit();

/** Whether digital-link.js accepts the URI (grammar and check digits). */
export function isValidDigitalLink(uri: string): boolean {
  return DigitalLink(uri).isValid();
}

/**
 * The GS1 element string of a Digital Link, e.g. `(01)06901234567892(21)x-1`,
 * per GS1's toolkit; throws when an AI's value breaks its format or check digit.
 */
export function gs1ElementString(uri: string): string {
  return toolkit.gs1digitalLinkToGS1elementStrings(uri, true);
}

/** The CBV 2.0 event hash of an event per epcis2.js (which mutates its input, hence the copy). */
export function referenceEventHash(event: object): string {
  return eventToHashedId(structuredClone(event), {});
}
