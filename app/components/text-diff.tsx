import type { DiffPart } from '~/utils/diff'

/**
 * The differences between two versions' Markdown, as <del> and <ins>. Screen readers do not
 * announce those elements, so each change also says in words that it was removed or added.
 */
export function TextDiff({ parts }: { parts: DiffPart[] }) {
  return (
    <div className="text-diff">
      {parts.map((part, index) =>
        part.type === 'equal' ? (
          <span key={index}>{part.text}</span>
        ) : part.type === 'delete' ? (
          <del key={index}>
            <span className="visually-hidden">[removed: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <ins key={index}>
            <span className="visually-hidden">[added: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        ),
      )}
    </div>
  )
}
