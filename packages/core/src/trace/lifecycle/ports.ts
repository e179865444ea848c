import type { PageQuery } from "../../kernel/pagination.js";
import type {
  AggregationChange,
  AggregationLink,
  AggregationSnapshot,
  SerialSegment,
} from "./aggregation.js";
import type { CodeLifecycleEntry, CodeLifecycleKind, CodeStatus } from "./code-lifecycle.js";

/** Result of {@link CodeLifecycleRepository.insertVoid}. */
export type CodeLifecycleInsertion =
  | { readonly outcome: "inserted"; readonly entry: CodeLifecycleEntry }
  /** An active entry of the same kind already covers exactly this range: nothing was stored. */
  | { readonly outcome: "exists"; readonly entry: CodeLifecycleEntry };

/** Result of {@link CodeLifecycleRepository.restore}. */
export type CodeLifecycleRestore =
  | { readonly outcome: "restored"; readonly entry: CodeLifecycleEntry }
  | { readonly outcome: "not_found" }
  /** Restored already (returned unchanged), or a `destroyed` entry, which is never restored. */
  | { readonly outcome: "not_restorable"; readonly entry: CodeLifecycleEntry };

/** Filters of {@link CodeLifecycleRepository.list}. */
export interface CodeLifecycleQuery {
  readonly kind?: CodeLifecycleKind;
  readonly packageId?: string;
  /** With `packageId`: entries whose range covers this serial. */
  readonly serial?: number;
  readonly active?: boolean;
}

/**
 * Lifecycle entries (void, recall, destroyed) per serial range, scoped by
 * tenant, and each package's status version: a number that grows with
 * every change of what the package's codes scan as, so scans can tell a
 * cached code status from a stale one.
 */
export interface CodeLifecycleRepository {
  /**
   * Stores a `void` or `recall` entry and increments its package's status
   * version, in one atomic step, unless an active entry of the same kind
   * covers exactly the same range: then nothing changes and that entry is
   * returned. Concurrent identical requests store one entry.
   */
  insertVoid(entry: CodeLifecycleEntry): Promise<CodeLifecycleInsertion>;
  get(tenantId: string, id: string): Promise<CodeLifecycleEntry | null>;
  /** Entries newest first, filtered. */
  list(
    tenantId: string,
    filter: CodeLifecycleQuery,
    page: PageQuery,
  ): Promise<CodeLifecycleEntry[]>;
  /**
   * Marks an active `void` or `recall` entry restored and increments its
   * package's status version, atomically; of concurrent restores one wins.
   */
  restore(tenantId: string, id: string, by: string, at: string): Promise<CodeLifecycleRestore>;
  /**
   * What a code scans as: among the active entries covering it, a
   * `destroyed` one, else the newest; `null` when none covers it.
   */
  statusOf(tenantId: string, packageId: string, serial: number): Promise<CodeStatus | null>;
  /** Status versions of the given packages; packages never changed are absent (version 0). */
  statusVersions(
    tenantId: string,
    packageIds: readonly string[],
  ): Promise<Readonly<Record<string, number>>>;
}

/** One code's new parent in an {@link AggregationWrite}. */
export interface AggregationRelink extends AggregationLink {
  /** The new parent is the one the layout gives the code: its link is removed, not stored. */
  readonly layoutParent: boolean;
}

/** An unpack or repack, as the repository applies it. */
export interface AggregationWrite {
  readonly packageId: string;
  /** Applied only while the package's aggregation version still equals this. */
  readonly expectedVersion: number;
  /**
   * Applied only while every one of these serials is held by `expectedHolder`
   * (`undefined`: none of them entered circulation yet).
   */
  readonly holders: {
    readonly serials: readonly number[];
    readonly expectedHolder: string | undefined;
  };
  readonly relinks: readonly AggregationRelink[];
  /** History entries to append, in order. */
  readonly changes: readonly AggregationChange[];
}

/** Result of {@link AggregationRepository.apply}. */
export type AggregationApplied =
  | { readonly outcome: "applied"; readonly version: number }
  /** Another change of the package came first: read again and retry. */
  | { readonly outcome: "version_changed"; readonly version: number }
  /** Some of the serials are not held by the expected holder (moved meanwhile). */
  | { readonly outcome: "holder_mismatch"; readonly mismatched: number };

/**
 * The current aggregation of associated packages beyond their layout, and
 * its history, scoped by tenant. Changes are serialised per package with
 * stock moves: a move of a package's codes never interleaves with a change
 * of its aggregation (see `StockRepository.moveCodes`).
 */
export interface AggregationRepository {
  /**
   * The package's aggregation version and its links whose serial or whose
   * parent serial lies in one of the segments (read together, as of one
   * moment).
   */
  linksAround(
    tenantId: string,
    packageId: string,
    segments: readonly SerialSegment[],
  ): Promise<AggregationSnapshot>;
  /**
   * In one atomic step, only if the package's aggregation version equals
   * `expectedVersion` and the holders are as expected: stores or removes the
   * links, appends the history entries and increments the version. Two
   * changes of one package at once: one applies, the other gets
   * `version_changed`; a stock move of the package's codes runs entirely
   * before or entirely after.
   */
  apply(tenantId: string, write: AggregationWrite): Promise<AggregationApplied>;
  /** History entries of a package in the order they were made (EPCIS export), paged by offset. */
  changesOfPackage(
    tenantId: string,
    packageId: string,
    page: { readonly offset: number; readonly limit: number },
  ): Promise<AggregationChange[]>;
  /** History entries naming the code as parent or among the children, oldest first. */
  changesOfCode(tenantId: string, packageId: string, serial: number): Promise<AggregationChange[]>;
}

/** The storage of code lifecycle: gathered into the storage port. */
export interface LifecycleRepositories {
  readonly codeLifecycle: CodeLifecycleRepository;
  readonly aggregation: AggregationRepository;
}
