/**
 * The keys port: per-tenant secrets and encryption. Card passwords, signing
 * keys and salts live behind it so they can come from a KMS in production.
 *
 * Guarantees: a ciphertext of one tenant (or purpose) never decrypts under
 * another; tampered ciphertexts are rejected; secrets are stable for a
 * (tenant, purpose) pair across restarts when the adapter is configured with
 * a persistent master key.
 */
export interface KeyVault {
  /** A 32-byte secret for (tenant, purpose), e.g. the salt of card password hashes. */
  secret(tenantId: string, purpose: string): Promise<Uint8Array>;
  /** Authenticated encryption; returns an opaque, URL-safe token. */
  encrypt(tenantId: string, purpose: string, plaintext: Uint8Array): Promise<string>;
  /** Reverses {@link KeyVault.encrypt}; throws when the token was altered or belongs elsewhere. */
  decrypt(tenantId: string, purpose: string, ciphertext: string): Promise<Uint8Array>;
}
