import type { StorageRepositories } from "../ports/storage.js";
import type { SerialQueue } from "./serial-queue.js";

/**
 * The same repositories with every method run through `queue`, so calls
 * made on them run one at a time in call order, whoever makes them. The
 * memory storage serializes all its calls this way; a SQL adapter does it
 * for the handle of one transaction, which has one connection.
 */
export function serializedRepositories(
  repositories: StorageRepositories,
  queue: SerialQueue,
): StorageRepositories {
  const wrap = (repository: object): object =>
    Object.fromEntries(
      Object.entries(repository).map(([name, method]) => [
        name,
        (...args: unknown[]) =>
          queue.run(() => (method as (...a: unknown[]) => Promise<unknown>)(...args)),
      ]),
    );
  return Object.fromEntries(
    Object.entries(repositories).map(([name, repository]) => [name, wrap(repository)]),
  ) as unknown as StorageRepositories;
}
