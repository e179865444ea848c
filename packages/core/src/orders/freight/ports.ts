import type { FreightTemplateRules } from "./freight-template.js";

/** A stored freight template of one tenant. */
export interface FreightTemplate extends FreightTemplateRules {
  /** Sortable id from the ids port. */
  readonly id: string;
  /** The owning tenant. */
  readonly tenantId: string;
  /** ISO-8601 UTC time of creation. */
  readonly createdAt: string;
  /** ISO-8601 UTC time of the last change. */
  readonly updatedAt: string;
}

/**
 * Storage of freight templates. Every method is scoped to a tenant: another
 * tenant's template looks the same as one that does not exist.
 */
export interface FreightTemplateRepository {
  /** Stores a new template (the caller checked it and chose a fresh id). */
  insert(template: FreightTemplate): Promise<void>;
  /** The template, or `null` when the tenant has none with this id. */
  get(tenantId: string, id: string): Promise<FreightTemplate | null>;
  /** Up to `limit` templates, newest (highest id) first, with ids below `beforeId` when given. */
  list(
    tenantId: string,
    page: { beforeId: string | null; limit: number },
  ): Promise<FreightTemplate[]>;
  /** Replaces every field but `createdAt`; `false` when the tenant has no such template. */
  update(template: FreightTemplate): Promise<boolean>;
  /** Deletes the template; `false` when the tenant has no such template. */
  delete(tenantId: string, id: string): Promise<boolean>;
}

/** The freight repositories gathered into `StorageRepositories`. */
export interface FreightRepositories {
  readonly freightTemplates: FreightTemplateRepository;
}
