/**
 * Character checks shared by the name decoders. Names in NTLM events are partly client-supplied (the NTLM
 * AUTHENTICATE message carries the user, domain and workstation the client chose), and Credential Guard–protected
 * sessions have been seen to log garbled, non-printable account names. Such names are kept and flagged rather
 * than rejected: refusing the record would let a client hide its authentication attempt behind a weird name.
 */

/**
 * True when the text contains characters that cannot be part of a legitimately typed name: C0 controls, DEL, C1
 * controls, U+FFFD (replacement char from a failed decode), U+FFFE/U+FFFF, or an unpaired UTF-16 surrogate.
 */
export function hasNonPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
    if (c < 0xd800) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
      continue;
    }
    if (c <= 0xdfff) return true; // low surrogate without a high one
    if (c === 0xfffd || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

/** ASCII-only case fold for comparisons of names (Windows compares these case-insensitively). */
export function asciiLower(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return text.toLowerCase();
  }
  return text;
}
