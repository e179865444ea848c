import { describe, expect, it } from "vitest";
import { isOneCodeError } from "../../kernel/errors.js";
import { checkStockFlow, holdersOf, type StockFlow } from "./stock-flow.js";

const factory = { id: "f", parentId: null };
const distributor = { id: "d", parentId: "f" };
const retailer = { id: "r", parentId: "d" };
const other = { id: "o", parentId: "f" };

const flow = (overrides: Partial<StockFlow>): StockFlow => ({
  outboundType: "sale",
  inboundType: null,
  from: factory,
  to: distributor,
  ...overrides,
});

function ruleOf(input: StockFlow): string | null {
  try {
    checkStockFlow(input);
    return null;
  } catch (error) {
    if (!isOneCodeError(error, "INVALID_FLOW")) throw error;
    return error.details.rule as string;
  }
}

describe("stock document flow rules", () => {
  it("lets goods flow down to a direct child, and back up to the parent for returns", () => {
    expect(ruleOf(flow({}))).toBeNull();
    expect(ruleOf(flow({ inboundType: "purchase" }))).toBeNull();
    expect(ruleOf(flow({ from: distributor, to: retailer, outboundType: "transfer" }))).toBeNull();
    expect(ruleOf(flow({ outboundType: "return", from: retailer, to: distributor }))).toBeNull();
    expect(
      ruleOf(
        flow({ outboundType: "return", inboundType: "return", from: retailer, to: distributor }),
      ),
    ).toBeNull();
  });

  it("refuses skipping a level, sideways, upward and same-enterprise flows", () => {
    expect(ruleOf(flow({ from: factory, to: retailer }))).toBe("direct_child");
    expect(ruleOf(flow({ from: distributor, to: other }))).toBe("direct_child");
    expect(ruleOf(flow({ from: retailer, to: distributor }))).toBe("direct_child");
    expect(ruleOf(flow({ from: distributor, to: distributor }))).toBe("same_enterprise");
    expect(ruleOf(flow({ outboundType: "return", from: retailer, to: factory }))).toBe(
      "return_to_parent",
    );
    expect(ruleOf(flow({ outboundType: "return", from: factory, to: distributor }))).toBe(
      "return_to_parent",
    );
  });

  it("names the missing party or type", () => {
    expect(ruleOf(flow({ outboundType: null, inboundType: null }))).toBe("type_required");
    expect(ruleOf(flow({ from: null }))).toBe("issuer_required");
    expect(ruleOf(flow({ to: null }))).toBe("receiver_required");
    expect(ruleOf(flow({ outboundType: "return", to: null }))).toBe("receiver_required");
    expect(ruleOf(flow({ outboundType: null, inboundType: "production", to: null }))).toBe(
      "receiver_required",
    );
  });

  it("brings codes into circulation with inbound-only documents, without an issuer", () => {
    expect(ruleOf(flow({ outboundType: null, inboundType: "production", from: null }))).toBeNull();
    expect(ruleOf(flow({ outboundType: null, inboundType: "purchase", from: null }))).toBeNull();
    expect(ruleOf(flow({ outboundType: null, inboundType: "production" }))).toBe(
      "inbound_only_without_issuer",
    );
    expect(ruleOf(flow({ inboundType: "production" }))).toBe("production_is_inbound_only");
  });

  it("takes codes out of circulation with destruction (no receiver) and receiver-less sampling", () => {
    expect(ruleOf(flow({ outboundType: "destruction", to: null }))).toBeNull();
    expect(ruleOf(flow({ outboundType: "sampling", to: null }))).toBeNull();
    expect(ruleOf(flow({ outboundType: "other", to: null }))).toBeNull();
    expect(ruleOf(flow({ outboundType: "destruction" }))).toBe("destruction_without_receiver");
  });

  it("pairs returns with returns", () => {
    expect(
      ruleOf(
        flow({ outboundType: "sale", inboundType: "return", from: retailer, to: distributor }),
      ),
    ).toBe("return_pairing");
    expect(
      ruleOf(
        flow({ outboundType: "return", inboundType: "purchase", from: retailer, to: distributor }),
      ),
    ).toBe("return_pairing");
  });

  it("reports both types and parties in the details", () => {
    let error: unknown = null;
    try {
      checkStockFlow(flow({ from: factory, to: retailer }));
    } catch (caught) {
      error = caught;
    }
    expect((error as { details: unknown }).details).toEqual({
      rule: "direct_child",
      outboundType: "sale",
      inboundType: null,
      fromEnterpriseId: "f",
      toEnterpriseId: "r",
    });
  });

  it("expects codes at the issuer (or nowhere, inbound only) and hands them to the receiver", () => {
    const base = { fromEnterpriseId: "f", toEnterpriseId: "d" };
    expect(holdersOf({ ...base, outboundType: "sale" })).toEqual({ expected: "f", next: "d" });
    expect(holdersOf({ outboundType: null, fromEnterpriseId: null, toEnterpriseId: "d" })).toEqual({
      expected: undefined,
      next: "d",
    });
    expect(
      holdersOf({ outboundType: "destruction", fromEnterpriseId: "f", toEnterpriseId: null }),
    ).toEqual({ expected: "f", next: null });
  });
});
