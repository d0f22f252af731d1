import type { DB } from './database'

/**
 * Group commit (ADR 014). With synchronous=FULL every COMMIT waits for the disk to confirm the
 * write (an fsync), and that wait, not the work, bounds how many signatures a second one process
 * can take. Writes that arrive together here share one transaction: each runs inside its own
 * savepoint (a failing one is rolled back alone, the others are kept), then one COMMIT makes them
 * all durable at once, and only then does any of them get its answer. No one is told "signed"
 * before their signature is on disk; a crowd pays one fsync per batch instead of one each.
 *
 * A batch is whatever arrived by the time the event loop comes round (setImmediate): requests
 * read in the same turn commit together, a lone request commits at once.
 */
export type GroupCommit = <T>(work: (trx: DB) => Promise<T>) => Promise<T>

type Job = {
  work: (trx: DB) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

export function createGroupCommit(db: DB, { maxBatch = 64 }: { maxBatch?: number } = {}): GroupCommit {
  const waiting: Job[] = []
  let flushing = false

  async function flush() {
    flushing = true
    const jobs = waiting.splice(0, maxBatch)
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = []
    try {
      const trx = await db.startTransaction().execute()
      try {
        for (const job of jobs) {
          const savepoint = await trx.savepoint('group_commit_job').execute()
          try {
            outcomes.push({ ok: true, value: await job.work(savepoint) })
          } catch (error) {
            await savepoint.rollbackToSavepoint('group_commit_job').execute()
            outcomes.push({ ok: false, error })
          }
          await savepoint.releaseSavepoint('group_commit_job').execute()
        }
        await trx.commit().execute()
      } catch (error) {
        await trx.rollback().execute()
        throw error
      }
      jobs.forEach((job, index) => {
        const outcome = outcomes[index]!
        if (outcome.ok) job.resolve(outcome.value)
        else job.reject(outcome.error)
      })
    } catch (error) {
      // The transaction itself failed (BEGIN or COMMIT): nothing in it was kept.
      for (const job of jobs) job.reject(error)
    } finally {
      flushing = false
      if (waiting.length) setImmediate(flush)
    }
  }

  return <T>(work: (trx: DB) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject })
      // One flush at a time; jobs that arrive meanwhile wait for the next one.
      if (waiting.length === 1 && !flushing) setImmediate(flush)
    })
}

const groupCommits = new WeakMap<DB, GroupCommit>()

/** The group commit of this database handle (one per handle, so batches never cross databases). */
export function groupCommitFor(db: DB): GroupCommit {
  let groupCommit = groupCommits.get(db)
  if (!groupCommit) {
    groupCommit = createGroupCommit(db)
    groupCommits.set(db, groupCommit)
  }
  return groupCommit
}
