import { rmSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { openDatabase } from '#db/database'
import { migrateToLatest } from '#db/migrate'
import { createLetter } from '~/models/letter.server'
import { insertSignatures } from './tests/bulk-signatures'

async function run(variant: string, run: number) {
  const path = `/tmp/chaincli/exp-${run}.db`
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
  const db = openDatabase(path)
  await migrateToLatest(db)
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where name = 'signatory_chain_signature_update'`.execute(db)
  let text = rows[0]!.sql
  if (variant === 'none') text = ''
  if (variant === 'simple') text = `create trigger signatory_chain_signature_update after update of status on signatures begin insert into signatory_chain (letter_id, seq, kind, cause, signature_id, hash) values (new.letter_id, new.id, 'add', 'x', new.id, 'h'); end`
  if (variant === 'simplejs') text = `create trigger signatory_chain_signature_update after update of status on signatures begin insert into signatory_chain (letter_id, seq, kind, cause, signature_id, hash) values (new.letter_id, new.id, 'add', 'x', new.id, signatory_chain_hash(1, 'a', 'b', 'add', 'x', new.id, 'r')); end`
  if (variant === 'nojs') text = text.replaceAll('signatory_record_hash(', 'coalesce(').replaceAll('signatory_chain_hash(', 'coalesce(')
  if (variant === 'nolast') text = text.replace(/\(select (seq|hash) from signatory_chain where letter_id = new.letter_id order by seq desc limit 1\)/g, 'null')
  await sql.raw('drop trigger signatory_chain_signature_update').execute(db)
  if (text) await sql.raw(text).execute(db)
  const letter = await db.transaction().execute((trx) => createLetter(trx, { slug: 'b', title: 'B letter', recipient: 'To', organizersLine: 'By', bodyMarkdown: 'T', status: 'open', moderationRequired: true }))
  await insertSignatures(db, letter, 10_000, () => ({ status: 'confirmed' }))
  if (variant === 'nolast') await sql.raw('drop index signatory_chain_seq_idx').execute(db)
  const start = performance.now()
  await db.transaction().execute((trx) => trx.updateTable('signatures').set({ status: 'approved' }).where('letter_id', '=', letter.id).execute())
  const ms = performance.now() - start
  await db.destroy()
  return Math.round(ms)
}
const results: Record<string, number[]> = {}
for (let i = 0; i < 3; i++) for (const v of ['none', 'full']) (results[v] ??= []).push(await run(v, i))
console.log(results)
