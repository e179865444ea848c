/** How to reach an external server that an adapter suite needs. */
export interface ServiceProbe {
  /** Human name, e.g. `"Redis"`. */
  readonly service: string;
  /** The environment variable that configures it, e.g. `"REDIS_URL"`. */
  readonly envVar: string;
  /** The address in use (passwords are hidden before printing). */
  readonly url: string;
  /** Resolves when the server answers; rejects otherwise. */
  readonly probe: () => Promise<void>;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** True when running under CI (`CI=true` or `CI=1`), where no suite may be skipped. */
export function runningInCi(): boolean {
  return process.env.CI === "true" || process.env.CI === "1";
}

/**
 * Probes a server before its suites are declared. Returns `undefined` when it
 * answers. When it does not: under CI this throws (an unreachable server
 * fails the run, nothing is skipped); elsewhere it prints a notice naming the
 * environment variable and returns the skip reason for the suite options.
 *
 * @example
 * ```ts
 * const skip = await serviceSkipReason({ service: "Redis", envVar: "REDIS_URL", url, probe });
 * runHotStateSuite({ name: "redis", skip, ... });
 * ```
 */
export async function serviceSkipReason(target: ServiceProbe): Promise<string | undefined> {
  try {
    await target.probe();
    return undefined;
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    const where = `${target.envVar}=${redact(target.url)}`;
    if (runningInCi()) {
      throw new Error(
        `${target.service} is not reachable at ${where} (${cause}); under CI=true every adapter suite must run`,
      );
    }
    console.warn(
      `\n[onecode] NOTICE: ${target.service} is not reachable at ${where} (${cause}).\n` +
        `[onecode] Its suites are skipped. Start ${target.service} or set ${target.envVar} to run them.\n`,
    );
    return `${target.service} not reachable; set ${target.envVar}`;
  }
}
