import { describe, expect, it } from "vitest";
import { seededRandom } from "../kernel/random.js";
import { localKeyVault } from "./local-key-vault.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

describe("local key vault", () => {
  it("round-trips a secret and never shows the plaintext in the token", async () => {
    const vault = localKeyVault({ random: seededRandom("vault") });
    const token = await vault.encrypt("acme", "card-password", bytes("8842-1930"));
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain("8842");
    expect(text(await vault.decrypt("acme", "card-password", token))).toBe("8842-1930");
  });

  it("refuses to decrypt under another tenant or purpose, or after tampering, without echoing secrets", async () => {
    const vault = localKeyVault({ random: seededRandom("vault") });
    const token = await vault.encrypt("acme", "card-password", bytes("secret-pw"));
    await expect(vault.decrypt("globex", "card-password", token)).rejects.toThrow(
      /another tenant or purpose/,
    );
    await expect(vault.decrypt("acme", "export", token)).rejects.toThrow(
      /another tenant or purpose/,
    );
    const flipped = `${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.at(-1)}`;
    const error = await vault.decrypt("acme", "card-password", flipped).catch((e: Error) => e);
    expect(String(error)).not.toContain("secret-pw");
    await expect(vault.decrypt("acme", "card-password", "garbage")).rejects.toThrow(/malformed/);
  });

  it("derives stable per-tenant secrets from a persistent master key", async () => {
    const masterKey = new Uint8Array(32).fill(7);
    const a = localKeyVault({ masterKey });
    const b = localKeyVault({ masterKey });
    expect(await a.secret("acme", "salt")).toEqual(await b.secret("acme", "salt"));
    expect(await a.secret("acme", "salt")).not.toEqual(await a.secret("globex", "salt"));
    expect(text(await b.decrypt("acme", "p", await a.encrypt("acme", "p", bytes("kept"))))).toBe(
      "kept",
    );
    expect(() => localKeyVault({ masterKey: new Uint8Array(16) })).toThrow(/32 bytes/);
  });
});
