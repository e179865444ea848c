import type {
  MemberCustomer,
  MemberLevel,
  MemberSettings,
  MemberTag,
  PointsEntry,
} from "../promotions/members/member-records.js";
import type { CustomerQuery, MemberRepositories } from "../promotions/members/ports.js";
import { MemoryTable, type UndoLog } from "./memory-table.js";

/** The memory tables behind {@link memoryMemberRepositories}. */
export class MemoryMemberTables {
  readonly customers = new MemoryTable<MemberCustomer>();
  readonly levels = new MemoryTable<MemberLevel>();
  readonly tags = new MemoryTable<MemberTag>();
  readonly settings = new MemoryTable<MemberSettings & { readonly id: string }>();
  readonly ledger = new MemoryTable<PointsEntry>();
}

const byId = <T extends { readonly id: string }>(a: T, b: T) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Whether the customer matches every field of the query (the storage's SQL does the same). */
export function matchesCustomerQuery(customer: MemberCustomer, query: CustomerQuery): boolean {
  const { tagIds, scoreRanges } = query;
  if (tagIds && tagIds.length > 0 && !tagIds.some((id) => customer.tagIds.includes(id))) {
    return false;
  }
  if (scoreRanges) {
    const score = scoreRanges.field === "experience" ? customer.experience : customer.pointsEarned;
    const inside = scoreRanges.ranges.some(
      (range) => score >= range.min && (range.max === null || score < range.max),
    );
    if (!inside) return false;
  }
  if (query.blacklisted !== undefined && customer.blacklisted !== query.blacklisted) return false;
  if (query.withPoints && customer.pointsBalance <= 0) return false;
  if (query.minOrders !== undefined && customer.ordersCount < query.minOrders) return false;
  if (query.maxOrders !== undefined && customer.ordersCount > query.maxOrders) return false;
  if (query.minSpent !== undefined && customer.totalSpent < query.minSpent) return false;
  const last = customer.lastOrderAt;
  if (query.orderedSince !== undefined && (last === null || last < query.orderedSince)) {
    return false;
  }
  if (query.notOrderedSince !== undefined && last !== null && last >= query.notOrderedSince) {
    return false;
  }
  if (query.activeSince !== undefined && customer.lastSeenAt < query.activeSince) return false;
  return true;
}

/**
 * The memory members repositories. Calls are serialized by the memory
 * storage and no method awaits between its check and its write, so each is
 * atomic.
 */
export function memoryMemberRepositories(
  tables: MemoryMemberTables,
  undo: UndoLog | null,
): MemberRepositories {
  const { customers, levels, tags, settings, ledger } = tables;
  const matching = (tenantId: string, query: CustomerQuery) =>
    customers.some(tenantId, (row) => matchesCustomerQuery(row, query)).sort(byId);
  return {
    memberCustomers: {
      async insert(customer) {
        if (customers.get(customer.tenantId, customer.id)) return false;
        customers.put(customer, undo);
        return true;
      },
      async get(tenantId, id) {
        return customers.get(tenantId, id);
      },
      async update(customer, expectedVersion) {
        const stored = customers.get(customer.tenantId, customer.id);
        if (!stored || stored.version !== expectedVersion) return false;
        customers.put(
          {
            ...customer,
            registeredAt: stored.registeredAt,
            pointsBalance: stored.pointsBalance,
            pointsEarned: stored.pointsEarned,
          },
          undo,
        );
        return true;
      },
      async list(tenantId, query, page) {
        return matching(tenantId, query)
          .filter((row) => page.afterId === null || row.id > page.afterId)
          .slice(0, page.limit)
          .map((row) => structuredClone(row));
      },
      async count(tenantId, query) {
        return matching(tenantId, query).length;
      },
      async removeTag(tenantId, tagId, at) {
        const carrying = customers.some(tenantId, (row) => row.tagIds.includes(tagId));
        for (const row of carrying) {
          customers.put(
            {
              ...row,
              tagIds: row.tagIds.filter((id) => id !== tagId),
              version: row.version + 1,
              updatedAt: at,
            },
            undo,
          );
        }
        return carrying.length;
      },
    },
    pointsLedger: {
      async record(entry) {
        const existing = ledger.some(entry.tenantId, (row) => row.key === entry.key)[0];
        if (existing) return { outcome: "duplicate", entry: structuredClone(existing) };
        const customer = customers.get(entry.tenantId, entry.customerId);
        if (!customer) return { outcome: "no_customer" };
        const balance = customer.pointsBalance + entry.delta;
        if (balance < 0) return { outcome: "insufficient", balance: customer.pointsBalance };
        customers.put(
          {
            ...customer,
            pointsBalance: balance,
            pointsEarned: customer.pointsEarned + (entry.kind === "earn" ? entry.delta : 0),
          },
          undo,
        );
        const stored: PointsEntry = { ...entry, balanceAfter: balance };
        ledger.put(stored, undo);
        return { outcome: "recorded", entry: structuredClone(stored) };
      },
      async getByKey(tenantId, key) {
        const found = ledger.some(tenantId, (row) => row.key === key)[0];
        return found ? structuredClone(found) : null;
      },
      async list(tenantId, customerId, page) {
        return ledger.list(
          tenantId,
          (row) => row.customerId === customerId,
          page.beforeId,
          page.limit,
        );
      },
      async creditedAfter(tenantId, customerId, year) {
        return ledger
          .some(
            tenantId,
            (row) => row.customerId === customerId && row.delta > 0 && row.year > year,
          )
          .reduce((sum, row) => sum + row.delta, 0);
      },
    },
    memberLevels: {
      async list(tenantId) {
        return levels
          .some(tenantId, () => true)
          .sort((a, b) => a.threshold - b.threshold || byId(a, b))
          .map((row) => structuredClone(row));
      },
      async get(tenantId, id) {
        return levels.get(tenantId, id);
      },
      async insert(level) {
        if (levels.get(level.tenantId, level.id)) return false;
        levels.put(level, undo);
        return true;
      },
      async update(level) {
        if (!levels.get(level.tenantId, level.id)) return false;
        levels.put(level, undo);
        return true;
      },
      async remove(tenantId, id) {
        const level = levels.get(tenantId, id);
        if (!level || level.isDefault) return false;
        levels.remove(tenantId, id, undo);
        return true;
      },
    },
    memberTags: {
      async list(tenantId) {
        return tags
          .some(tenantId, () => true)
          .sort(byId)
          .map((row) => structuredClone(row));
      },
      async get(tenantId, id) {
        return tags.get(tenantId, id);
      },
      async insert(tag) {
        if (tags.some(tag.tenantId, (row) => row.name === tag.name).length > 0) {
          return { outcome: "name_taken" };
        }
        tags.put(tag, undo);
        return { outcome: "written" };
      },
      async update(tag) {
        if (!tags.get(tag.tenantId, tag.id)) return { outcome: "not_found" };
        if (tags.some(tag.tenantId, (row) => row.name === tag.name && row.id !== tag.id).length) {
          return { outcome: "name_taken" };
        }
        tags.put(tag, undo);
        return { outcome: "written" };
      },
      async remove(tenantId, id) {
        if (!tags.get(tenantId, id)) return false;
        tags.remove(tenantId, id, undo);
        return true;
      },
    },
    memberSettings: {
      async get(tenantId) {
        const row = settings.get(tenantId, tenantId);
        if (!row) return null;
        const { id: _id, ...saved } = row;
        return saved;
      },
      async save(saved) {
        settings.put({ ...saved, id: saved.tenantId }, undo);
      },
    },
  };
}
