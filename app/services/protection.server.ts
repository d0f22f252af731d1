import type { DB } from '#db/database'
import type { BlockRule, BlockRuleKind, WatchlistName } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { deleteBlockRule, insertBlockRule, listBlockRules } from '~/models/block-rule.server'
import {
  countSignaturesPerHour,
  topEmailDomains,
  topIpRanges,
  type SourceCount,
} from '~/models/signature-trends.server'
import { deleteWatchlistName, insertWatchlistName, listWatchlistNames } from '~/models/watchlist.server'
import { addBlockRuleSchema, blockSourceSchema } from '~/schemas/protection'
import { domainMatches } from '~/utils/email-domain'
import { ipInRange, parseIpRange } from '~/utils/ip-address'
import { requirePermission, type LetterAccess } from './letter-access.server'

// The Protection tab (issue 5, ADR 016): where a letter's signatures come from lately, the block
// rules that quarantine new ones silently, and the watchlist of notable names.

export const TREND_HOURS_SHOWN = 48
export const TOP_SOURCES = 10
const HOUR_MS = 3_600_000

/** The block forms' schemas with the strict IP parser, which needs node:net and so runs here only. */
export const serverBlockSchemas = {
  addRule: addBlockRuleSchema(parseIpRange),
  blockSource: blockSourceSchema(parseIpRange),
}

export type TrendSource = SourceCount & { blocked: boolean }

export type Trends = {
  /** Oldest first, one entry per UTC hour, the current (partial) hour last. */
  perHour: Array<{ hour: string; count: number }>
  windowHours: number
  ranges: TrendSource[]
  domains: TrendSource[]
}

/** Whether a /24 or /48 network lies wholly inside a rule's range (a single-address rule never covers one). */
function rangeCoveredBy(range: string, rule: BlockRule): boolean {
  if (rule.kind !== 'ip-range' || !rule.value.includes('/')) return false
  const [base, bits] = range.split('/')
  return Number(rule.value.split('/')[1]) <= Number(bits) && ipInRange(base, rule.value)
}

const domainBlockedBy = (domain: string, rule: BlockRule) =>
  rule.kind === 'domain' && domainMatches(domain, { domain: rule.value, includeSubdomains: true })

export type AddBlockRuleOutcome = { kind: 'added'; rule: BlockRule } | { kind: 'duplicate' }

export function protectionFor(db: DB, access: LetterAccess) {
  requirePermission(access, 'moderate', 'You may not manage this letter’s protection.')
  const { letter, user } = access
  const actor = { type: 'user' as const, user }

  return {
    async trends(windowHours: number, now = new Date()): Promise<Trends> {
      const currentHour = now.getTime() - (now.getTime() % HOUR_MS)
      const firstHour = currentHour - (TREND_HOURS_SHOWN - 1) * HOUR_MS
      const since = new Date(now.getTime() - windowHours * HOUR_MS).toISOString()
      const [hourly, ranges, domains, rules] = await Promise.all([
        countSignaturesPerHour(db, letter.id, new Date(firstHour).toISOString()),
        topIpRanges(db, letter.id, since, TOP_SOURCES),
        topEmailDomains(db, letter.id, since, TOP_SOURCES),
        listBlockRules(db, letter.id),
      ])
      const perHour = Array.from({ length: TREND_HOURS_SHOWN }, (_, index) => {
        const hour = new Date(firstHour + index * HOUR_MS).toISOString()
        return { hour, count: hourly.get(hour.slice(0, 13)) ?? 0 }
      })
      return {
        perHour,
        windowHours,
        ranges: ranges.map((source) => ({
          ...source,
          blocked: rules.some((rule) => rangeCoveredBy(source.value, rule)),
        })),
        domains: domains.map((source) => ({
          ...source,
          blocked: rules.some((rule) => domainBlockedBy(source.value, rule)),
        })),
      }
    },

    listBlockRules: () => listBlockRules(db, letter.id),

    async addBlockRule(
      input: { kind: BlockRuleKind; value: string; note: string | null },
      now = new Date(),
    ): Promise<AddBlockRuleOutcome> {
      return db.transaction().execute(async (trx) => {
        const rule = await insertBlockRule(
          trx,
          {
            letterId: letter.id,
            kind: input.kind,
            value: input.value,
            note: input.note,
            createdByUserId: user.id,
          },
          now,
        )
        if (!rule) return { kind: 'duplicate' as const }
        await recordAuditEvent(
          trx,
          {
            actor,
            action: 'block-rule.added',
            letterId: letter.id,
            after: { kind: rule.kind, value: rule.value, note: rule.note },
          },
          now,
        )
        return { kind: 'added' as const, rule }
      })
    },

    /** Null when the rule was already gone. */
    async removeBlockRule(ruleId: number, now = new Date()): Promise<BlockRule | null> {
      return db.transaction().execute(async (trx) => {
        const removed = await deleteBlockRule(trx, letter.id, ruleId)
        if (removed) {
          await recordAuditEvent(
            trx,
            {
              actor,
              action: 'block-rule.removed',
              letterId: letter.id,
              before: { kind: removed.kind, value: removed.value, note: removed.note },
            },
            now,
          )
        }
        return removed
      })
    },

    listWatchlist: () => listWatchlistNames(db, letter.id),

    /** Adds each name the letter does not watch yet (case aside), with one audit event for the lot. */
    async addWatchlistNames(
      names: string[],
      now = new Date(),
    ): Promise<{ added: WatchlistName[]; alreadyListed: string[] }> {
      return db.transaction().execute(async (trx) => {
        const added: WatchlistName[] = []
        const alreadyListed: string[] = []
        for (const name of names) {
          const entry = await insertWatchlistName(
            trx,
            { letterId: letter.id, name, createdByUserId: user.id },
            now,
          )
          if (entry) added.push(entry)
          else alreadyListed.push(name)
        }
        if (added.length) {
          await recordAuditEvent(
            trx,
            {
              actor,
              action: 'watchlist.added',
              letterId: letter.id,
              after: { names: added.map((e) => e.name) },
            },
            now,
          )
        }
        return { added, alreadyListed }
      })
    },

    /** Null when the name was already gone. */
    async removeWatchlistName(nameId: number, now = new Date()): Promise<WatchlistName | null> {
      return db.transaction().execute(async (trx) => {
        const removed = await deleteWatchlistName(trx, letter.id, nameId)
        if (removed) {
          await recordAuditEvent(
            trx,
            { actor, action: 'watchlist.removed', letterId: letter.id, before: { name: removed.name } },
            now,
          )
        }
        return removed
      })
    },
  }
}
