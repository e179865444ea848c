import { OneCodeError } from "../../../kernel/errors.js";
import type { StorageRepositories } from "../../../ports/storage.js";
import type { MemberCustomer } from "../member-records.js";

/** Compare-and-set attempts before a change of one customer gives up with `BUSY`. */
const MAX_ATTEMPTS = 8;

/** A customer that has just registered: nothing bought, no points. */
export function newCustomer(
  tenantId: string,
  id: string,
  referrerId: string | null,
  at: string,
): MemberCustomer {
  return {
    tenantId,
    id,
    referrerId,
    registeredAt: at,
    lastSeenAt: at,
    blacklisted: false,
    blacklistReason: null,
    experience: 0,
    pointsBalance: 0,
    pointsEarned: 0,
    ordersCount: 0,
    totalSpent: 0,
    lastOrderAt: null,
    tagIds: [],
    lastCheckInOn: null,
    checkInStreak: 0,
    version: 1,
    updatedAt: at,
  };
}

/** The customer, created (without a `customer.registered` event) when the tenant has none yet. */
export async function customerOrNew(
  tx: Pick<StorageRepositories, "memberCustomers">,
  tenantId: string,
  id: string,
  at: string,
): Promise<MemberCustomer> {
  const found = await tx.memberCustomers.get(tenantId, id);
  if (found) return found;
  await tx.memberCustomers.insert(newCustomer(tenantId, id, null, at));
  return (await tx.memberCustomers.get(tenantId, id)) as MemberCustomer;
}

/**
 * Changes one customer by compare-and-set: `change` answers the next record
 * (version and time set here) or `null` to leave it; it runs again on the
 * fresh record when a concurrent change won. Creates the customer first
 * when missing. Answers the record as stored (or as found when left).
 */
export async function changeCustomer(
  tx: Pick<StorageRepositories, "memberCustomers">,
  tenantId: string,
  id: string,
  at: string,
  change: (customer: MemberCustomer) => MemberCustomer | null,
): Promise<{ readonly before: MemberCustomer; readonly after: MemberCustomer | null }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const before = await customerOrNew(tx, tenantId, id, at);
    const next = change(before);
    if (next === null) return { before, after: null };
    const after = { ...next, version: before.version + 1, updatedAt: at };
    if (await tx.memberCustomers.update(after, before.version)) return { before, after };
  }
  throw new OneCodeError("BUSY", `customer ${id} kept changing concurrently`, {
    resource: "customer",
    attempts: MAX_ATTEMPTS,
  });
}
