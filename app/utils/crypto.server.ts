import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

/** 32 random bytes, URL-safe: the secret half of an emailed link. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Six digits, uniformly drawn (randomInt avoids modulo bias), leading zeros kept. */
export function generateCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0')
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}
