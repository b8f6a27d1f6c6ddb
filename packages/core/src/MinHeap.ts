/**
 * A binary min-heap: `push` and `pop` in O(log n), the least item under `compare` first (items
 * that compare equal come out in no set order).
 *
 * @example
 * const heap = MinHeap.make<number>((a, b) => a - b)
 * heap.push(3), heap.push(1)
 * heap.pop() // 1
 */

/** A min-heap of `A`. */
export interface MinHeap<A> {
  /** Items held. */
  readonly size: () => number
  /** Adds an item. */
  readonly push: (item: A) => void
  /** Removes and returns the least item, or `undefined` when empty. */
  readonly pop: () => A | undefined
}

/** An empty heap ordered by `compare` (negative: `a` comes first). */
export const make = <A>(compare: (a: A, b: A) => number): MinHeap<A> => {
  const items: Array<A> = []
  const less = (i: number, j: number) => compare(items[i] as A, items[j] as A) < 0
  const swap = (i: number, j: number) => {
    const item = items[i] as A
    items[i] = items[j] as A
    items[j] = item
  }
  return {
    size: () => items.length,
    push: (item) => {
      items.push(item)
      let i = items.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!less(i, parent)) break
        swap(i, parent)
        i = parent
      }
    },
    pop: () => {
      const top = items[0]
      const last = items.pop()
      if (items.length > 0) {
        items[0] = last as A
        let i = 0
        for (;;) {
          const left = 2 * i + 1
          const right = left + 1
          let smallest = i
          if (left < items.length && less(left, smallest)) smallest = left
          if (right < items.length && less(right, smallest)) smallest = right
          if (smallest === i) break
          swap(i, smallest)
          i = smallest
        }
      }
      return top
    }
  }
}
