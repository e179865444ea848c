import { describe, expect, it } from "vitest";
import { clientNetworkOf } from "./client-network.js";

describe("client network of an address", () => {
  it("keeps IPv4 addresses, unwraps IPv4-mapped IPv6, and cuts IPv6 to its /64", () => {
    expect(clientNetworkOf("113.108.1.1")).toBe("113.108.1.1");
    expect(clientNetworkOf("::ffff:113.108.1.1")).toBe("113.108.1.1");
    expect(clientNetworkOf("::ffff:716c:101")).toBe("113.108.1.1");
    expect(clientNetworkOf("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(clientNetworkOf("2001:DB8:1:2:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(clientNetworkOf("2001:db8::1:2:3:4")).toBe("2001:db8:0:0::/64");
    expect(clientNetworkOf("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(clientNetworkOf("::1")).toBe("0:0:0:0::/64");
    expect(clientNetworkOf("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("gives anything that is not an IP address back as it is", () => {
    expect(clientNetworkOf("unknown")).toBe("unknown");
    expect(clientNetworkOf("2001:db8::1::2")).toBe("2001:db8::1::2");
  });
});
