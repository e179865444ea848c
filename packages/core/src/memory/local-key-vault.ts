import { createCipheriv, createDecipheriv, hkdfSync } from "node:crypto";
import { cryptoRandom, type RandomSource } from "../kernel/random.js";
import type { KeyVault } from "../ports/keys.js";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Options of {@link localKeyVault}. */
export interface LocalKeyVaultOptions {
  /**
   * 32-byte master key. Keep it outside the database (a file with mode 0600,
   * a secret manager): whoever has it can decrypt every tenant's secrets.
   * When omitted, a random key is made, so nothing survives a restart.
   */
  readonly masterKey?: Uint8Array;
  readonly random?: RandomSource;
}

/**
 * A key vault that derives a key per (tenant, purpose) from one master key
 * with HKDF-SHA256 and encrypts with AES-256-GCM. Suitable for a single
 * deployment; production hosts may use a KMS behind the same port.
 *
 * @example
 * ```ts
 * const keys = localKeyVault({ masterKey: readFileSync(".data/master.key") });
 * ```
 */
export function localKeyVault(options: LocalKeyVaultOptions = {}): KeyVault {
  const random = options.random ?? cryptoRandom;
  const master = options.masterKey ?? random.fill(new Uint8Array(32));
  if (master.length !== 32) throw new RangeError("localKeyVault: masterKey must be 32 bytes");

  const derive = (tenantId: string, purpose: string, use: string) =>
    new Uint8Array(
      hkdfSync(
        "sha256",
        master,
        new TextEncoder().encode(tenantId),
        `onecode/${use}/${purpose}`,
        32,
      ),
    );
  const context = (tenantId: string, purpose: string) =>
    new TextEncoder().encode(`${tenantId}\u0000${purpose}`);

  return {
    async secret(tenantId, purpose) {
      return derive(tenantId, purpose, "secret");
    },
    async encrypt(tenantId, purpose, plaintext) {
      const iv = random.fill(new Uint8Array(IV_BYTES));
      const cipher = createCipheriv("aes-256-gcm", derive(tenantId, purpose, "encrypt"), iv);
      cipher.setAAD(context(tenantId, purpose));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    async decrypt(tenantId, purpose, ciphertext) {
      const [version, payload = ""] = ciphertext.split(".");
      const raw = Buffer.from(payload, "base64url");
      if (version !== VERSION || raw.length < IV_BYTES + TAG_BYTES) {
        throw new Error("localKeyVault: ciphertext is malformed");
      }
      const decipher = createDecipheriv(
        "aes-256-gcm",
        derive(tenantId, purpose, "encrypt"),
        raw.subarray(0, IV_BYTES),
      );
      decipher.setAAD(context(tenantId, purpose));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return new Uint8Array(
          Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]),
        );
      } catch {
        throw new Error(
          "localKeyVault: ciphertext was altered or belongs to another tenant or purpose",
        );
      }
    },
  };
}
