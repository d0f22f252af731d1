import { useEffect, useState } from 'react'

/** False on the server and in the first render: controls that need JavaScript appear after it. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

/**
 * Which rows of a table are selected for a bulk action; emptied whenever one of `resetOn` changes
 * (another page, a finished action), so a selection never outlives the rows it was made on.
 */
export function useRowSelection(resetOn: readonly unknown[]) {
  const [selected, setSelected] = useState<Set<number>>(new Set())
  useEffect(() => setSelected(new Set()), resetOn)
  const toggle = (id: number, checked: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous)
      if (checked) next.add(id)
      else next.delete(id)
      return next
    })
  return { selected, setSelected, toggle }
}

/** The header cell of a selectable table: "select all shown" once hydrated, a label before. */
export function SelectAllHeader({
  hydrated,
  rowIds,
  selection,
}: {
  hydrated: boolean
  rowIds: number[]
  selection: ReturnType<typeof useRowSelection>
}) {
  const { selected, setSelected } = selection
  return (
    <th scope="col">
      {hydrated ? (
        <input
          type="checkbox"
          aria-label="Select all shown"
          checked={selected.size > 0 && selected.size === rowIds.length}
          onChange={(event) => setSelected(event.target.checked ? new Set(rowIds) : new Set())}
        />
      ) : (
        <span className="visually-hidden">Select</span>
      )}
    </th>
  )
}
