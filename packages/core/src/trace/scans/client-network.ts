import { isIPv4, isIPv6 } from "node:net";

/** The eight 16-bit groups of an IPv6 address (zone removed, `::` expanded), or `null`. */
function ipv6Groups(address: string): number[] | null {
  const ip = address.split("%", 1)[0] as string;
  if (!isIPv6(ip)) return null;
  const groupsOf = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a, b, c, d] = group.split(".").map(Number) as [number, number, number, number];
          return [a * 256 + b, c * 256 + d]; // an embedded IPv4 tail
        });
  const [head = "", tail] = ip.split("::");
  const before = groupsOf(head);
  const after = tail === undefined ? [] : groupsOf(tail);
  return [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
}

/**
 * The network a client address stands for when counting visitors: an IPv4
 * address (also IPv4-mapped IPv6) as itself, an IPv6 address by its /64
 * prefix (one subscriber line or host gets a whole /64 and can use any
 * address in it), anything else as given.
 *
 * @example
 * ```ts
 * clientNetworkOf("2001:db8:1:2:aaaa::1"); // "2001:db8:1:2::/64"
 * clientNetworkOf("::ffff:113.108.1.1"); // "113.108.1.1"
 * ```
 */
export function clientNetworkOf(ip: string): string {
  if (isIPv4(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  const mapped = groups.slice(0, 6).join(",") === "0,0,0,0,0,65535";
  if (mapped) {
    const [high, low] = groups.slice(6) as [number, number];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
