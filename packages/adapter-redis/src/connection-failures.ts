import { isNetworkFailure, serviceUnavailable } from "@onecode/core/adapter-kit";
import type { RedisClient } from "./redis-client.js";

/**
 * How ioredis rejects a command that no connection can carry: the connection
 * ended or is down with the offline queue off, the command outlived
 * `commandTimeout`, a reconnect exhausted `maxRetriesPerRequest`, or a
 * `Cluster` has no usable node (not ready, no startup node answers, no node
 * gives it the slot map, it is closing, or a command was redirected or
 * retried through a failover or a down cluster until `maxRedirections`).
 */
const CLIENT_MESSAGE =
  /^(Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request limit|Cluster isn't ready|None of startup nodes is available|Failed to refresh slots cache|Cluster is disconnect(ed|ing)|Node is disconnected|Too many Cluster redirections|Socket timeout during server maintenance)/;

/**
 * Reply errors of a server that is up but cannot serve yet: loading its
 * data set, blocked by a long script, without a reachable primary or with
 * its cluster down, or a replica answering writes during a failover.
 */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;

/**
 * True when `error` says Redis could not be reached or cannot serve right
 * now, so the same command may succeed later; false for errors of the
 * command itself (a wrong type, a script error, a malformed reply).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isNetworkFailure(error)) return true;
  return CLIENT_MESSAGE.test(error.message) || TRANSIENT_REPLY.test(error.message);
}

function translated(error: unknown): never {
  throw isConnectionFailure(error) ? serviceUnavailable("hot_state", error) : error;
}

/**
 * Wraps `client` so that connection-level failures reject with core's
 * `SERVICE_UNAVAILABLE` (service `hot_state`, the driver's error kept as
 * `cause`): callers then retry or fall back, and no driver text reaches a
 * user. Every other error passes through unchanged.
 */
export function translatingClient(client: RedisClient): RedisClient {
  return {
    call: (command, ...args) => client.call(command, ...args).catch(translated),
    quit: () => client.quit(),
  };
}
