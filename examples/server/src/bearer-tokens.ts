import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseEnv } from "node:util";
import {
  type Actor,
  type Capability,
  type Role,
  type TenantContext,
  tenantContext,
} from "@onecode/core";
import { CAPABILITIES } from "@onecode/core/input-rules";

/** One bearer token of the token file, without the token itself. */
export interface TokenGrant {
  /** The variable naming the token in the file, e.g. `ONECODE_TOKEN_ALICE`. */
  readonly variable: string;
  /**
   * `staff` (the default), or `consumer` from `kind=consumer`: a buyer's
   * token for the consumer routes (`/v1/my/...`), with no roles.
   */
  readonly kind: "staff" | "consumer";
  /**
   * From the variable name (`ONECODE_TOKEN_ALICE` → `alice`), or the
   * `actor=<id>` option: a stock operator's token names the staff member's
   * id (`stf_…`), which is what their enterprise assignments refer to; a
   * consumer's token names the buyer's account id.
   */
  readonly actorId: string;
  readonly tenantId: string;
  readonly roles: readonly Role[];
  /** Capabilities granted besides the roles' (unscoped), from `capabilities=`. */
  readonly capabilities: readonly Capability[];
}

const PREFIX = "ONECODE_TOKEN_";
const ROLES: readonly Role[] = ["admin", "stock_operator", "inspector"];
const MIN_TOKEN_LENGTH = 16;
const ACTOR_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The default grant written to a fresh token file. */
export const DEMO_TOKEN_NAME = `${PREFIX}DEMO_ADMIN`;

const FILE_HEADER = `# OneCode reference server: bearer tokens.
# One line per token:
#   ONECODE_TOKEN_<ACTOR>=<token>;tenant=<tenant id>;roles=<role>[,<role>...][;capabilities=<capability>[,...]][;actor=<staff id>]
#   ONECODE_TOKEN_<ACTOR>=<token>;tenant=<tenant id>;kind=consumer[;actor=<account id>]
# Roles: admin, stock_operator, inspector. capabilities= grants more (e.g. codes.export); with it,
# roles= may be left out. actor= (default: <ACTOR> in lower case) is the
# acting staff id; give a stock operator's token the id createStaff returned (stf_...).
# kind=consumer makes a buyer's token for the consumer routes (/v1/my/...): no roles, and
# actor= is the buyer's account id. Tokens need at least ${MIN_TOKEN_LENGTH} characters.
# Requests send "Authorization: Bearer <token>". Keep this file private (mode 0600).
`;

function parseGrant(name: string, value: string): { token: string; grant: TokenGrant } {
  const [token = "", ...options] = value.split(";");
  const fields = Object.fromEntries(
    options.map((option) => option.split("=", 2) as [string, string]),
  );
  const roles = (fields.roles ?? "").split(",").filter(Boolean);
  const capabilities = (fields.capabilities ?? "").split(",").filter(Boolean);
  const kind = fields.kind ?? "staff";
  if (token.length < MIN_TOKEN_LENGTH)
    throw new Error(`${name}: the token must have at least ${MIN_TOKEN_LENGTH} characters`);
  if (!fields.tenant) throw new Error(`${name}: missing tenant=<tenant id>`);
  if (kind !== "staff" && kind !== "consumer")
    throw new Error(`${name}: kind must be staff or consumer`);
  if (kind === "consumer" && (roles.length > 0 || capabilities.length > 0))
    throw new Error(`${name}: a consumer token takes no roles or capabilities`);
  const unknown = roles.filter((role) => !ROLES.includes(role as Role));
  if (kind === "staff" && ((roles.length === 0 && capabilities.length === 0) || unknown.length > 0))
    throw new Error(`${name}: roles must be a comma list of ${ROLES.join(", ")}`);
  const unknownCapabilities = capabilities.filter((name) => !Object.hasOwn(CAPABILITIES, name));
  if (unknownCapabilities.length > 0)
    throw new Error(`${name}: unknown capabilities ${unknownCapabilities.join(", ")}`);
  try {
    tenantContext(fields.tenant);
  } catch {
    throw new Error(`${name}: tenant must be 1-64 letters, digits, '_' or '-'`);
  }
  if (fields.actor !== undefined && !ACTOR_PATTERN.test(fields.actor))
    throw new Error(`${name}: actor must be 1-64 letters, digits, '_' or '-'`);
  return {
    token,
    grant: {
      variable: name,
      kind,
      actorId: fields.actor ?? name.slice(PREFIX.length).toLowerCase(),
      tenantId: fields.tenant,
      roles: roles as Role[],
      capabilities: capabilities as Capability[],
    },
  };
}

/** The actor a grant authenticates: a staff member with roles and grants, or a consumer. */
function actorOf(grant: TokenGrant): Actor {
  if (grant.kind === "consumer") return { id: grant.actorId, kind: "consumer" };
  return {
    id: grant.actorId,
    kind: "staff",
    roles: grant.roles,
    ...(grant.capabilities.length > 0 && {
      grants: grant.capabilities.map((capability) => ({ capability })),
    }),
  };
}

const digest = (value: string) => createHash("sha256").update(value).digest("hex");

/**
 * The token map of the reference server, loaded from an env file. Tokens are
 * looked up by their SHA-256 digest and never logged: the look-up's timing
 * can only tell something about the digest, which gives nothing away about
 * any token, and it costs the same with two tokens or two thousand.
 */
export class BearerTokens {
  readonly #grants: ReadonlyMap<string, TokenGrant>;

  private constructor(grants: ReadonlyMap<string, TokenGrant>) {
    this.#grants = grants;
  }

  /** Reads the file; throws naming the variable when a line is malformed. */
  static load(file: string): BearerTokens {
    const variables = parseEnv(readFileSync(file, "utf8")) as Record<string, string>;
    const grants = new Map<string, TokenGrant>();
    for (const [name, value] of Object.entries(variables)) {
      if (!name.startsWith(PREFIX)) continue;
      const { token, grant } = parseGrant(name, value);
      grants.set(digest(token), grant);
    }
    if (grants.size === 0) throw new Error(`${file} defines no ${PREFIX}<ACTOR> tokens`);
    return new BearerTokens(grants);
  }

  /**
   * Writes a token file with one random admin token for tenant `demo`, unless
   * the file exists. Returns true when it created the file.
   */
  static ensureFile(file: string): boolean {
    if (existsSync(file)) return false;
    mkdirSync(dirname(file), { recursive: true });
    const token = `oc_${randomBytes(24).toString("base64url")}`;
    writeFileSync(file, `${FILE_HEADER}${DEMO_TOKEN_NAME}=${token};tenant=demo;roles=admin\n`, {
      mode: 0o600,
    });
    return true;
  }

  /** Every grant, for the start-up summary (no tokens). */
  get grants(): readonly TokenGrant[] {
    return [...this.#grants.values()];
  }

  /** The tenant context of a request's bearer token, or null. */
  authenticate(request: Request): TenantContext | null {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return null;
    const found = this.#grants.get(digest(match[1]));
    return found ? tenantContext(found.tenantId, actorOf(found)) : null;
  }
}
