import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BearerTokens } from "../src/bearer-tokens.js";

const dir = mkdtempSync(join(tmpdir(), "onecode-tokens-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(content: string): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.env`);
  writeFileSync(file, content);
  return file;
}

const request = (token?: string) =>
  new Request(
    "http://localhost/v1/merchants",
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );

describe("bearer token file", () => {
  it("maps each token to its tenant, actor and roles", () => {
    const tokens = BearerTokens.load(
      fileWith(
        "# comment\nONECODE_TOKEN_ALICE=alice-token-0123456789;tenant=acme;roles=admin\n" +
          "ONECODE_TOKEN_BOB=bob-token-0123456789ab;tenant=acme;roles=stock_operator,inspector\nOTHER=ignored\n",
      ),
    );
    expect(tokens.authenticate(request("alice-token-0123456789"))).toEqual({
      tenantId: "acme",
      actor: { id: "alice", kind: "staff", roles: ["admin"] },
    });
    expect(tokens.authenticate(request("bob-token-0123456789ab"))?.actor).toEqual({
      id: "bob",
      kind: "staff",
      roles: ["stock_operator", "inspector"],
    });
    expect(tokens.authenticate(request("unknown-token-000000"))).toBeNull();
    expect(tokens.authenticate(request())).toBeNull();
    expect(tokens.grants.map((grant) => grant.actorId)).toEqual(["alice", "bob"]);
  });

  it("takes the actor id from actor= when given, so an operator's token can name their staff id", () => {
    const tokens = BearerTokens.load(
      fileWith(
        "ONECODE_TOKEN_BOB=bob-token-0123456789ab;tenant=acme;roles=stock_operator;actor=stf_01abc\n",
      ),
    );
    expect(tokens.authenticate(request("bob-token-0123456789ab"))?.actor.id).toBe("stf_01abc");
    expect(tokens.grants[0]?.variable).toBe("ONECODE_TOKEN_BOB");
    expect(() =>
      BearerTokens.load(
        fileWith("ONECODE_TOKEN_BOB=bob-token-0123456789ab;tenant=acme;roles=admin;actor=a b\n"),
      ),
    ).toThrow(/ONECODE_TOKEN_BOB: actor must be/);
  });

  it("grants the capabilities of capabilities= besides the roles, unscoped", () => {
    const tokens = BearerTokens.load(
      fileWith(
        "ONECODE_TOKEN_IVY=ivy-token-0123456789ab;tenant=acme;roles=inspector;capabilities=codes.export\n" +
          "ONECODE_TOKEN_CAL=cal-token-0123456789ab;tenant=acme;capabilities=orders.read,orders.verify\n",
      ),
    );
    expect(tokens.authenticate(request("ivy-token-0123456789ab"))?.actor).toEqual({
      id: "ivy",
      kind: "staff",
      roles: ["inspector"],
      grants: [{ capability: "codes.export" }],
    });
    expect(tokens.authenticate(request("cal-token-0123456789ab"))?.actor).toEqual({
      id: "cal",
      kind: "staff",
      roles: [],
      grants: [{ capability: "orders.read" }, { capability: "orders.verify" }],
    });
    expect(() =>
      BearerTokens.load(
        fileWith("ONECODE_TOKEN_A=long-enough-token-123;tenant=acme;capabilities=codes.steal\n"),
      ),
    ).toThrow(/ONECODE_TOKEN_A: unknown capabilities codes.steal/);
  });

  it("authenticates a buyer's kind=consumer token as a consumer with the account id of actor=", () => {
    const tokens = BearerTokens.load(
      fileWith(
        "ONECODE_TOKEN_DAVE=dave-token-0123456789a;tenant=acme;kind=consumer;actor=u_1001\n" +
          "ONECODE_TOKEN_ERIN=erin-token-0123456789a;tenant=acme;kind=consumer\n" +
          "ONECODE_TOKEN_ALICE=alice-token-0123456789;tenant=acme;roles=admin;kind=staff\n",
      ),
    );
    expect(tokens.authenticate(request("dave-token-0123456789a"))).toEqual({
      tenantId: "acme",
      actor: { id: "u_1001", kind: "consumer" },
    });
    expect(tokens.authenticate(request("erin-token-0123456789a"))?.actor).toEqual({
      id: "erin",
      kind: "consumer",
    });
    expect(tokens.authenticate(request("alice-token-0123456789"))?.actor.kind).toBe("staff");
    expect(Object.fromEntries(tokens.grants.map((grant) => [grant.variable, grant.kind]))).toEqual({
      ONECODE_TOKEN_DAVE: "consumer",
      ONECODE_TOKEN_ERIN: "consumer",
      ONECODE_TOKEN_ALICE: "staff",
    });
  });

  it("refuses malformed lines, naming the variable but never the token", () => {
    const cases: Array<[string, RegExp]> = [
      [
        "ONECODE_TOKEN_A=short;tenant=acme;roles=admin",
        /ONECODE_TOKEN_A: the token must have at least 16/,
      ],
      ["ONECODE_TOKEN_A=long-enough-token-123;roles=admin", /ONECODE_TOKEN_A: missing tenant/],
      [
        "ONECODE_TOKEN_A=long-enough-token-123;tenant=acme;roles=root",
        /ONECODE_TOKEN_A: roles must be/,
      ],
      [
        "ONECODE_TOKEN_A=long-enough-token-123;tenant=bad tenant;roles=admin",
        /ONECODE_TOKEN_A: tenant must be/,
      ],
      [
        "ONECODE_TOKEN_A=long-enough-token-123;tenant=acme;kind=robot",
        /ONECODE_TOKEN_A: kind must be staff or consumer/,
      ],
      [
        "ONECODE_TOKEN_A=long-enough-token-123;tenant=acme;kind=consumer;roles=admin",
        /ONECODE_TOKEN_A: a consumer token takes no roles or capabilities/,
      ],
      ["# nothing", /defines no ONECODE_TOKEN_/],
    ];
    for (const [content, message] of cases) {
      let error: unknown;
      try {
        BearerTokens.load(fileWith(content));
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).toMatch(message);
      expect(String(error)).not.toContain("long-enough-token-123");
    }
  });

  it("creates a file with one demo admin token only when none exists", () => {
    const file = join(dir, "fresh", "tokens.env");
    expect(BearerTokens.ensureFile(file)).toBe(true);
    expect(BearerTokens.ensureFile(file)).toBe(false);
    expect(BearerTokens.load(file).grants).toEqual([
      {
        variable: "ONECODE_TOKEN_DEMO_ADMIN",
        kind: "staff",
        actorId: "demo_admin",
        tenantId: "demo",
        roles: ["admin"],
        capabilities: [],
      },
    ]);
  });
});
