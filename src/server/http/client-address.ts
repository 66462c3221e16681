import type { Context } from "hono";
import type { GetConnInfo } from "hono/conninfo";

/**
 * Who a request comes from, for per-client limits. The peer address comes from the runtime
 * (`getConnInfo`); `X-Forwarded-For` is read only as far as `trustedProxies` hops vouch for it,
 * counted from the right, so a client cannot get a fresh identity by sending its own header.
 * IPv6 clients are counted by their /64, which one household or server usually holds whole.
 * `undefined` when neither says: per-client limits then cannot tell clients apart.
 */
export function clientAddress(
  context: Context,
  trustedProxies: number,
  getConnInfo: GetConnInfo | undefined,
): string | undefined {
  let peer: string | undefined;
  try {
    peer = getConnInfo?.(context).remote.address;
  } catch {
    peer = undefined;
  }
  const forwarded =
    trustedProxies > 0
      ? (context.req.header("x-forwarded-for") ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean)
      : [];
  // The chain as the nearest trusted proxy saw it: every hop the header names, then the peer.
  // Without the peer (a runtime that gives no connection info) only trusted hops can say.
  const chain = peer === undefined ? forwarded : [...forwarded, peer];
  const hops = peer === undefined ? trustedProxies - 1 : trustedProxies;
  const client = chain[Math.max(0, chain.length - 1 - hops)];
  return client === undefined ? undefined : normalizeAddress(client);
}

/** An IPv6 /64 client's /48 (`2001:db8:1::/48`); undefined for any other client. */
export function siteOf(client: string): string | undefined {
  if (!client.endsWith("::/64")) return undefined;
  return `${client.split(":", 3).join(":")}::/48`;
}

/** Addresses already normalized: a client asks many times, and each ask read them anew. */
const normalized = new Map<string, string>();
const normalizedMax = 10_000;

/** An address as a bucket name: no port, IPv4-mapped IPv6 as IPv4, other IPv6 as its /64. */
export function normalizeAddress(address: string): string {
  let known = normalized.get(address);
  if (known === undefined) {
    known = normalize(address);
    // Addresses are the network's to choose: past the bound the oldest half is forgotten.
    if (normalized.size >= normalizedMax) {
      for (const key of normalized.keys()) {
        normalized.delete(key);
        if (normalized.size <= normalizedMax / 2) break;
      }
    }
    if (address.length <= 256) normalized.set(address, known);
  }
  return known;
}

function normalize(address: string): string {
  let text = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(text);
  if (mapped?.[1]) return mapped[1];
  if (!text.includes(":")) return text;
  const groups = expandIpv6(text);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : text;
}

function expandIpv6(text: string): string[] | undefined {
  if (!/^[0-9a-f:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const part = (half: string | undefined) => (half ? half.split(":") : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(Math.max(0, missing)).fill("0"), ...tail];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}
