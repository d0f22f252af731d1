// `npm run bench:seed -- 1000000 [path]`: a benchmark database on its own, to explore by hand.
import { seedBenchDatabase } from './lib/seed'

const count = Number(process.argv[2] ?? 1_000_000)
const path = process.argv[3] ?? new URL(`./.data/seed-${count}.db`, import.meta.url).pathname
const result = await seedBenchDatabase(path, count)
console.log(
  `Seeded ${result.signatures.toLocaleString('en-US')} signatures into ${path} in ${(result.ms / 1000).toFixed(1)} s ` +
    `(${result.rowsPerSecond.toLocaleString('en-US')} rows/s, tally triggers on); ${result.awaitingReview.toLocaleString('en-US')} awaiting review`,
)
