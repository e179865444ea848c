// PLACEHOLDER: the pure input checks of draws, claims and shipments; replaced before this lands.
import type { DrawInput } from "./campaign-services.js";
import type { ClaimInput } from "./draw.js";

/** Checks a draw's input. @throws `VALIDATION_FAILED`. */
export function checkDrawInput(input: unknown): DrawInput {
  return input as DrawInput;
}
/** Checks a claim's input (a physical prize's recipient: name, mobile phone, address). */
export function checkClaimInput(input: unknown): ClaimInput {
  return input as ClaimInput;
}
/** Checks a shipment's input (courier and tracking number). */
export function checkShipmentInput(input: unknown): {
  readonly courier: string;
  readonly trackingNumber: string;
} {
  return input as { courier: string; trackingNumber: string };
}
