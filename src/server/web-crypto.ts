// Web Crypto rather than node:crypto, so the handler runs on any Web-standard runtime.

const encoder = new TextEncoder();
const bytesOf = (data: string | Uint8Array) =>
  (typeof data === "string" ? encoder.encode(data) : data) as Uint8Array<ArrayBuffer>;

/** `bytes` as lower-case hex. */
export const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** `bytes` as standard base64, with padding. */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** `bytes` as unpadded base64url. */
export const toBase64Url = (bytes: Uint8Array) =>
  toBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/** The SHA-256 digest of `data` (text as UTF-8). */
export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytesOf(data)));
}

/** The HMAC-SHA256 of `message` (UTF-8) under `key` (text as UTF-8, or raw bytes). */
export async function hmacSha256(key: string | Uint8Array, message: string): Promise<Uint8Array> {
  const imported = await crypto.subtle.importKey(
    "raw",
    bytesOf(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, bytesOf(message)));
}

/** `count` random bytes from the platform's cryptographic generator. */
export const randomBytes = (count: number) => crypto.getRandomValues(new Uint8Array(count));

/** Compares two strings in time that does not depend on where they differ. */
export function timingSafeEqualText(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  // A length mismatch still walks the whole of `left`, so it is not faster to find.
  let difference = left.length ^ right.length;
  for (let index = 0; index < left.length; index++) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}

/** Standard base64 (as {@link toBase64} writes it) as bytes. */
export const fromBase64 = (text: string) =>
  Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** An AES-GCM key derived from `secret` (UTF-8) for one `purpose`. */
async function sealingKey(secret: string, purpose: string) {
  const material = await crypto.subtle.importKey("raw", bytesOf(secret), "HKDF", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: bytesOf(purpose) },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * `text` encrypted and authenticated under a key derived from `secret` for `purpose` (AES-GCM
 * with a random nonce), as base64: only a holder of `secret` reads it, or can make one that
 * {@link openSealed} accepts.
 */
export async function sealText(secret: string, purpose: string, text: string): Promise<string> {
  const nonce = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce },
    await sealingKey(secret, purpose),
    bytesOf(text),
  );
  const bytes = new Uint8Array(12 + sealed.byteLength);
  bytes.set(nonce);
  bytes.set(new Uint8Array(sealed), 12);
  return toBase64(bytes);
}

/** The text {@link sealText} sealed under `secret` for `purpose`; rejects when it was not. */
export async function openSealed(secret: string, purpose: string, sealed: string): Promise<string> {
  const bytes = fromBase64(sealed);
  const opened = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes.subarray(0, 12) },
    await sealingKey(secret, purpose),
    bytes.subarray(12),
  );
  return new TextDecoder().decode(opened);
}
