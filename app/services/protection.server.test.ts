import { describe, expect, test } from 'vitest'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getSignatureById } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, validSignatureForm } from '../../tests/factories'
import { requireLetterAccess } from './letter-access.server'
import { protectionFor } from './protection.server'
import { confirmSignatureByToken, signLetter } from './signing.server'

async function protectionOf(role: 'organizer' | 'moderator' = 'moderator') {
  const letter = await createTestLetter(getDb())
  const user = await createTestUser(getDb(), { letterId: letter.id, memberRole: role })
  const access = await requireLetterAccess(getDb(), user, letter.id, 'moderate')
  return { letter, user, protection: protectionFor(getDb(), access) }
}

const auditOf = (letterId: number, prefix: string) =>
  getDb()
    .selectFrom('audit_events')
    .select(['action', 'actor_user_id', 'before', 'after'])
    .where('letter_id', '=', letterId)
    .where('action', 'like', `${prefix}%`)
    .orderBy('id')
    .execute()

describe('trends', () => {
  test('48 hourly buckets, oldest first, the current hour last; empty hours are zero', async () => {
    const { letter, protection } = await protectionOf()
    const now = new Date('2026-11-21T12:34:00.000Z')
    await createTestSignature(getDb(), letter, {}, new Date('2026-11-21T12:05:00.000Z'))
    await createTestSignature(getDb(), letter, {}, new Date('2026-11-21T12:30:00.000Z'))
    await createTestSignature(getDb(), letter, {}, new Date('2026-11-19T13:00:00.000Z'))
    // Older than 48 hours: left out.
    await createTestSignature(getDb(), letter, {}, new Date('2026-11-19T12:59:00.000Z'))
    const { perHour } = await protection.trends(6, now)
    expect(perHour).toHaveLength(48)
    expect(perHour[0]).toEqual({ hour: '2026-11-19T13:00:00.000Z', count: 1 })
    expect(perHour[47]).toEqual({ hour: '2026-11-21T12:00:00.000Z', count: 2 })
    expect(perHour.reduce((sum, entry) => sum + entry.count, 0)).toBe(3)
  })

  test('top networks and domains in the chosen window, marked when a rule already blocks them', async () => {
    const { letter, protection } = await protectionOf()
    const now = new Date('2026-11-21T12:00:00.000Z')
    const sign = (clientIp: string, email: string, minutesAgo: number) =>
      createTestSignature(getDb(), letter, { clientIp, email }, new Date(now.getTime() - minutesAgo * 60_000))
    await sign('203.0.113.1', 'a@mail.spam.example', 10)
    await sign('203.0.113.2', 'b@mail.spam.example', 20)
    await sign('198.51.100.3', 'c@ok.example', 30)
    await sign('192.0.2.4', 'd@ok.example', 3 * 60)

    await protection.addBlockRule({ kind: 'ip-range', value: '203.0.0.0/16', note: null })
    await protection.addBlockRule({ kind: 'domain', value: 'spam.example', note: null })
    // A single address never covers a whole network.
    await protection.addBlockRule({ kind: 'ip-range', value: '198.51.100.3', note: null })

    const lastHour = await protection.trends(1, now)
    expect(lastHour.ranges).toEqual([
      { value: '203.0.113.0/24', count: 2, blocked: true },
      { value: '198.51.100.0/24', count: 1, blocked: false },
    ])
    expect(lastHour.domains).toEqual([
      { value: 'mail.spam.example', count: 2, blocked: true },
      { value: 'ok.example', count: 1, blocked: false },
    ])
    const sixHours = await protection.trends(6, now)
    expect(sixHours.domains).toContainEqual({ value: 'ok.example', count: 2, blocked: false })
    expect(sixHours.ranges).toHaveLength(3)
  })
})

describe('block rules', () => {
  test('added once, a duplicate is answered as such, removed; each change audited with who', async () => {
    const { letter, user, protection } = await protectionOf()
    const added = await protection.addBlockRule({ kind: 'domain', value: 'spam.example', note: 'Bot wave' })
    expect(added).toMatchObject({ kind: 'added', rule: { value: 'spam.example', note: 'Bot wave' } })
    expect(await protection.addBlockRule({ kind: 'domain', value: 'spam.example', note: null })).toEqual({
      kind: 'duplicate',
    })
    // The same value as another kind is another rule.
    expect((await protection.addBlockRule({ kind: 'email', value: 'x@spam.example', note: null })).kind).toBe(
      'added',
    )
    const ruleId = added.kind === 'added' ? added.rule.id : 0
    expect(await protection.removeBlockRule(ruleId)).toMatchObject({ value: 'spam.example' })
    expect(await protection.removeBlockRule(ruleId)).toBeNull()
    expect((await protection.listBlockRules()).map((rule) => rule.value)).toEqual(['x@spam.example'])
    expect(await auditOf(letter.id, 'block-rule.')).toEqual([
      {
        action: 'block-rule.added',
        actor_user_id: user.id,
        before: null,
        after: '{"kind":"domain","value":"spam.example","note":"Bot wave"}',
      },
      {
        action: 'block-rule.added',
        actor_user_id: user.id,
        before: null,
        after: '{"kind":"email","value":"x@spam.example","note":null}',
      },
      {
        action: 'block-rule.removed',
        actor_user_id: user.id,
        before: '{"kind":"domain","value":"spam.example","note":"Bot wave"}',
        after: null,
      },
    ])
  })

  test('a rule of another letter cannot be removed through this one', async () => {
    const mine = await protectionOf()
    const theirs = await protectionOf()
    const added = await theirs.protection.addBlockRule({ kind: 'domain', value: 'x.example', note: null })
    expect(await mine.protection.removeBlockRule(added.kind === 'added' ? added.rule.id : 0)).toBeNull()
    expect(await theirs.protection.listBlockRules()).toHaveLength(1)
  })
})

describe('the watchlist', () => {
  test('adds several names at once, reports those already listed (case aside), audits once', async () => {
    const { letter, protection } = await protectionOf()
    await protection.addWatchlistNames(['Xi Jinping'])
    const outcome = await protection.addWatchlistNames(['Barack Obama', 'XI JINPING', 'Taylor Swift'])
    expect(outcome.added.map((entry) => entry.name)).toEqual(['Barack Obama', 'Taylor Swift'])
    expect(outcome.alreadyListed).toEqual(['XI JINPING'])
    expect((await protection.listWatchlist()).map((entry) => entry.name)).toEqual([
      'Barack Obama',
      'Taylor Swift',
      'Xi Jinping',
    ])
    const events = await auditOf(letter.id, 'watchlist.')
    expect(events.map((event) => event.after)).toEqual([
      '{"names":["Xi Jinping"]}',
      '{"names":["Barack Obama","Taylor Swift"]}',
    ])
    const obama = outcome.added[0]!
    expect(await protection.removeWatchlistName(obama.id)).toMatchObject({ name: 'Barack Obama' })
    expect(await protection.removeWatchlistName(obama.id)).toBeNull()
    expect((await auditOf(letter.id, 'watchlist.removed'))[0]!.before).toBe('{"name":"Barack Obama"}')
  })

  test('a matching name waits for a moderator even on a letter that needs no moderation', async () => {
    const { letter: created, protection } = await protectionOf()
    const letter = (await getLetterBySlug(getDb(), created.slug))!
    expect(letter.moderation_required).toBeFalsy()
    await protection.addWatchlistNames(['Barack Obama'])
    const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48, clientIp: '192.0.2.1' }
    const confirmAs = async (name: string) => {
      const input = signLetterSchema.parse(validSignatureForm({ name }))
      const { signatureId } = await signLetter(getDb(), letter, input, context)
      const [email] = await listOutboxEmailsTo(getDb(), input.email)
      const token = (JSON.parse(email!.secret_payload!) as { confirmUrl: string }).confirmUrl.split(
        '/confirm/',
      )[1]!
      await confirmSignatureByToken(getDb(), token, { appUrl: 'http://localhost:3000' })
      return (await getSignatureById(getDb(), signatureId))!.status
    }
    expect(await confirmAs('Obama, Barack')).toBe('confirmed')
    expect(await confirmAs('Michelle Obama')).toBe('approved')
  })
})
