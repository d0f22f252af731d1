import { createHash } from 'node:crypto'

// The tamper-evident signatory log (ADR 018). Pure: SQLite calls these through functions registered
// on every connection (db/database.ts), and the verifier (CLI, tests) replays a chain with them.
// A third party can reimplement everything here from the ADR; nothing in it is secret.

export const CHAIN_FORMAT = 'undersigned-signatory-chain/1'

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

export type ChainEntryKind = 'add' | 'update' | 'remove'

/** What a signatory shows in public, exactly as the read API serves it (ADR 018 lists the order). */
export interface ChainRecord {
  id: number
  name: string
  profession: string
  organization: string
  location: string
  versionSigned: number
  level: string
  method: string | null
  checkedOn: string | null
  verifier: string | null
}

export interface ChainEntry {
  seq: number
  at: string
  kind: ChainEntryKind
  /** Why the list changed: approve, withdraw, reject, listing, verification, policy, edit, delete... */
  cause: string
  signatureId: number
  /** SHA-256 of the signatory's public record after the event; null for a remove. */
  recordHash: string | null
  /**
   * The public record itself while the signatory is on the list; null once they left it (a withdrawn
   * signer's name is not served again), the record hash still binds it.
   */
  record: ChainRecord | null
  prevHash: string
  hash: string
}

export interface ChainHead {
  length: number
  hash: string
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** JSON.stringify of an array: no whitespace, no key order to agree on. */
function canonical(values: readonly (string | number | null)[]): string {
  return JSON.stringify(values)
}

export function recordHash(record: ChainRecord): string {
  return sha256Hex(
    canonical([
      record.id,
      record.name,
      record.profession,
      record.organization,
      record.location,
      record.versionSigned,
      record.level,
      record.method,
      record.checkedOn,
      record.verifier,
    ]),
  )
}

export function entryHash(entry: Omit<ChainEntry, 'hash' | 'record'>): string {
  return sha256Hex(
    canonical([
      CHAIN_FORMAT,
      entry.seq,
      entry.prevHash,
      entry.at,
      entry.kind,
      entry.cause,
      entry.signatureId,
      entry.recordHash,
    ]),
  )
}

export type ChainProblem = { seq: number | null; problem: string }

export interface ChainVerification {
  ok: boolean
  problems: ChainProblem[]
  /** The head the entries lead to. */
  computedHead: ChainHead
  /** Signature ids the replay leaves on the list, in order. */
  replayedIds: number[]
}

/**
 * Replays a chain and checks it against the public list and the published head: every entry's hash
 * recomputes and links to the one before, sequence numbers run 1..n, each add/update/remove makes
 * sense where it stands, the replayed list equals the public list record for record, and the head
 * names the last entry and the length.
 */
export function verifyChain(input: {
  entries: readonly ChainEntry[]
  head: ChainHead
  publicList: readonly ChainRecord[]
}): ChainVerification {
  const problems: ChainProblem[] = []
  const listed = new Map<number, string>()
  let prevHash = GENESIS_HASH
  input.entries.forEach((entry, index) => {
    const fail = (problem: string) => problems.push({ seq: entry.seq, problem })
    // Due after the entry before, so one gap is one problem, not one per entry after it.
    const dueSeq = index === 0 ? 1 : input.entries[index - 1]!.seq + 1
    if (entry.seq !== dueSeq) fail(`sequence number ${entry.seq} where ${dueSeq} was due`)
    if (entry.prevHash !== prevHash) fail('does not link to the entry before it')
    if (entryHash(entry) !== entry.hash) fail('its hash does not match its contents')
    if (entry.record && entry.recordHash !== recordHash(entry.record)) {
      fail('its record does not match its record hash')
    }
    if (entry.record && entry.record.id !== entry.signatureId) fail('its record names another signature')
    const present = listed.has(entry.signatureId)
    if (entry.kind === 'add' && present) fail(`adds signature ${entry.signatureId}, already on the list`)
    if (entry.kind !== 'add' && !present)
      fail(`${entry.kind}s signature ${entry.signatureId}, not on the list`)
    if (entry.kind !== 'remove' && !entry.recordHash) fail('has no record hash')
    if (entry.kind === 'remove') listed.delete(entry.signatureId)
    else listed.set(entry.signatureId, entry.recordHash ?? '')
    prevHash = entry.hash
  })
  const computedHead = { length: input.entries.length, hash: prevHash }
  if (input.head.length !== computedHead.length || input.head.hash !== computedHead.hash) {
    problems.push({
      seq: null,
      problem: `the published head (${input.head.length}, ${input.head.hash}) is not where the entries lead (${computedHead.length}, ${computedHead.hash})`,
    })
  }
  const publicIds = new Set<number>()
  for (const record of input.publicList) {
    publicIds.add(record.id)
    const expected = listed.get(record.id)
    if (expected === undefined) {
      problems.push({
        seq: null,
        problem: `signature ${record.id} is on the public list but not in the chain`,
      })
    } else if (expected !== recordHash(record)) {
      problems.push({
        seq: null,
        problem: `signature ${record.id} on the public list differs from its chain record`,
      })
    }
  }
  for (const id of listed.keys()) {
    if (!publicIds.has(id)) {
      problems.push({ seq: null, problem: `signature ${id} is in the chain but not on the public list` })
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    computedHead,
    replayedIds: [...listed.keys()].sort((a, b) => a - b),
  }
}
