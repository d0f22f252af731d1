import { expect, test } from 'vitest'
import { mapWithConcurrency } from './concurrency'

test('keeps the order of the results and never runs more than the limit at once', async () => {
  let running = 0
  let most = 0
  const results = await mapWithConcurrency([30, 10, 20, 5, 15, 25, 1], 3, async (ms, index) => {
    running++
    most = Math.max(most, running)
    await new Promise((resolve) => setTimeout(resolve, ms))
    running--
    return `${index}:${ms}`
  })
  expect(results).toEqual(['0:30', '1:10', '2:20', '3:5', '4:15', '5:25', '6:1'])
  expect(most).toBe(3)
})

test('an empty list maps to an empty list', async () => {
  expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([])
})
