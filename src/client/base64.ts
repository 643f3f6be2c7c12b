// Base64 with the platform's atob/btoa (Node 16+ and every browser), for text in UTF-8: the SDK has no Buffer.

export function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Throws on characters outside base64url. */
export function base64UrlToUtf8(encoded: string): string {
  const standard = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
