import { describe, expect, it } from "vitest";
import { normalizeAddress } from "../src/client-address.js";
import { forwardedClientAddress, nodeClientAddress } from "../src/index.js";

describe("forwardedClientAddress", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(forwardedClientAddress("198.51.100.7", "1.1.1.1", 0)).toBe("198.51.100.7");
    expect(forwardedClientAddress("198.51.100.7", null, 0)).toBe("198.51.100.7");
  });

  it("takes the rightmost element a trusted proxy wrote, never one the client wrote", () => {
    // The client sent `X-Forwarded-For: 1.1.1.1`; the load balancer appended the real address.
    expect(forwardedClientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    // Two proxies: the edge appended the client, the inner one appended the edge.
    expect(forwardedClientAddress("10.0.0.3", "1.1.1.1, 203.0.113.9, 10.0.0.2", 2)).toBe(
      "203.0.113.9",
    );
    expect(forwardedClientAddress("10.0.0.3", "1.1.1.1,203.0.113.9,10.0.0.2", 1)).toBe("10.0.0.2");
  });

  it("stops at the last trustworthy address when the header is short or malformed", () => {
    expect(forwardedClientAddress("10.0.0.2", null, 1)).toBe("10.0.0.2");
    expect(forwardedClientAddress("10.0.0.2", "", 1)).toBe("10.0.0.2");
    expect(forwardedClientAddress("10.0.0.3", "203.0.113.9", 3)).toBe("203.0.113.9");
    expect(forwardedClientAddress("10.0.0.3", "1.1.1.1, unknown, 10.0.0.2", 3)).toBe("10.0.0.2");
    expect(forwardedClientAddress("10.0.0.2", "<script>", 1)).toBe("10.0.0.2");
  });

  it("reads IPv6, bracketed and port-suffixed elements and unwraps IPv4-mapped addresses", () => {
    expect(forwardedClientAddress("::1", "2001:db8::5", 1)).toBe("2001:db8::5");
    expect(forwardedClientAddress("::1", "[2001:db8::5]:4711", 1)).toBe("2001:db8::5");
    expect(forwardedClientAddress("::1", "203.0.113.9:5123", 1)).toBe("203.0.113.9");
    expect(forwardedClientAddress("::ffff:10.0.0.2", null, 1)).toBe("10.0.0.2");
    expect(forwardedClientAddress("::1", "::ffff:203.0.113.9", 1)).toBe("203.0.113.9");
  });
});

describe("normalizeAddress and nodeClientAddress", () => {
  it("unwraps only IPv4-mapped IPv6 addresses", () => {
    expect(normalizeAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("::ffff:abcd")).toBe("::ffff:abcd");
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1");
  });

  it("knows no address for a request the node binding did not build", () => {
    const request = new Request("http://test.local/", {
      headers: { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" },
    });
    expect(nodeClientAddress(request)).toBeNull();
  });
});
