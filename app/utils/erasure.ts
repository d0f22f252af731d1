// What an erased signer's address becomes (ADR 017). The `.invalid` top-level domain is reserved
// (RFC 2606): no mail can ever be delivered there, and no real address can collide with it.

export const ERASED_EMAIL_DOMAIN = 'erased.invalid'

/** Unique per signature, as the letter's UNIQUE(letter_id, email) requires. */
export function erasedEmailFor(signatureId: number): string {
  return `erased-${signatureId}@${ERASED_EMAIL_DOMAIN}`
}

export function isErasedEmail(address: string): boolean {
  return address.toLowerCase().endsWith(`@${ERASED_EMAIL_DOMAIN}`)
}
