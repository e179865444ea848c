/**
 * `@onecode/core/adapter-kit`: building blocks for storage and hot-state
 * adapters that are not part of the application API. The adapters of this
 * repository use them; an adapter of your own may too.
 *
 * @packageDocumentation
 */
export { SerialQueue } from "./memory/serial-queue.js";
export { serializedRepositories } from "./memory/serialized-repositories.js";
