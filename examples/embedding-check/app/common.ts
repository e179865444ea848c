import { type TenantContext, tenantContext } from "@onecode/core";

/** The staff context every program acts as. */
export const ctx: TenantContext = tenantContext("demo", {
  id: "demo-user",
  kind: "staff",
  roles: ["admin"],
});

/** The `authenticate` of every host program: one fixed bearer token. */
export async function authenticate(request: Request): Promise<TenantContext | null> {
  return request.headers.get("authorization") === "Bearer demo-admin" ? ctx : null;
}

/** A new merchant, as in the embedding guide. */
export const newMerchant = {
  name: "Acme Tea",
  codeSource: "platform",
  urlPrefixes: ["https://t.acme.example/c/"],
} as const;

/** One request to a mounted API: a JSON POST creating a merchant; throws unless it is a 201. */
export async function postMerchant(url: string): Promise<string> {
  const reply = await fetch(url, {
    method: "POST",
    headers: { authorization: "Bearer demo-admin", "content-type": "application/json" },
    body: JSON.stringify(newMerchant),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await reply.text();
  if (reply.status !== 201) throw new Error(`expected 201, got ${reply.status}: ${body}`);
  const merchant: unknown = JSON.parse(body);
  if (typeof merchant !== "object" || merchant === null || !("id" in merchant)) {
    throw new Error(`no merchant in ${body}`);
  }
  return String(merchant.id);
}
