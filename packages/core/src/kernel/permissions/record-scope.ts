/**
 * A record a capability is used on, named by what grants are scoped by.
 * Absent fields are unknown: a scope that limits that dimension does not
 * reach the record.
 */
export interface AccessTarget {
  /** The enterprise the record belongs to (e.g. a stock document's responsible enterprise). */
  readonly enterpriseId?: string | null;
  /** The store the record belongs to. */
  readonly storeId?: string | null;
  /** The actor id of the record's creator or owner. */
  readonly ownerId?: string | null;
}

/**
 * Part of the records, as list filters see it: a record is in it when it
 * matches every field present. A scope without fields holds nothing, so a
 * malformed grant fails closed.
 */
export interface RecordScope {
  readonly enterpriseIds?: readonly string[];
  readonly storeIds?: readonly string[];
  /** Records owned by this actor id. */
  readonly ownerId?: string;
}

/**
 * What a list use case may show an actor: everything, or the records in at
 * least one of `anyOf`. Built by `listFilterFor`.
 */
export type ListFilter =
  | { readonly all: true }
  | { readonly all: false; readonly anyOf: readonly RecordScope[] };

/** Whether `scope` reaches `target` (see {@link RecordScope}). */
export function scopeReaches(scope: RecordScope, target: AccessTarget): boolean {
  const { enterpriseIds, storeIds, ownerId } = scope;
  if (enterpriseIds === undefined && storeIds === undefined && ownerId === undefined) return false;
  if (enterpriseIds !== undefined && !includes(enterpriseIds, target.enterpriseId)) return false;
  if (storeIds !== undefined && !includes(storeIds, target.storeId)) return false;
  return ownerId === undefined || target.ownerId === ownerId;
}

/** Whether a list filter admits `target`: for adapters and use cases that filter in memory. */
export function listFilterAdmits(filter: ListFilter, target: AccessTarget): boolean {
  return filter.all || filter.anyOf.some((scope) => scopeReaches(scope, target));
}

function includes(list: readonly string[], value: string | null | undefined): boolean {
  return typeof value === "string" && list.includes(value);
}

/** Both scopes at once: the lists intersected, the owner kept. */
export function narrowScope(a: RecordScope, b: RecordScope): RecordScope {
  const intersect = (x?: readonly string[], y?: readonly string[]) =>
    x === undefined ? y : y === undefined ? x : x.filter((value) => y.includes(value));
  const enterpriseIds = intersect(a.enterpriseIds, b.enterpriseIds);
  const storeIds = intersect(a.storeIds, b.storeIds);
  const ownerId = a.ownerId ?? b.ownerId;
  return {
    ...(enterpriseIds !== undefined && { enterpriseIds }),
    ...(storeIds !== undefined && { storeIds }),
    ...(ownerId !== undefined && { ownerId }),
  };
}
