/**
 * Gives each rendered row a slot that it keeps while it stays in view; a row
 * scrolled in takes the slot of one scrolled out. Rows keyed by slot make
 * React update a departed row's DOM in place instead of unmounting it and
 * building a new one, which is most of what a scroll frame costs. The rows
 * are also rendered in slot order, so React never moves a row's DOM node (a
 * move re-attaches its whole subtree); each row's place on screen comes from
 * its `top` and its position in the grid from aria-rowindex.
 */
export class RowSlots {
  private slots = new Map<string, number>();

  /** The slot of each key, in order; keys seen last time keep theirs. */
  assign(keys: readonly string[]): number[] {
    const next = new Map<string, number>();
    const taken = new Set<number>();
    for (const key of keys) {
      const slot = this.slots.get(key);
      if (slot !== undefined) {
        next.set(key, slot);
        taken.add(slot);
      }
    }
    let free = 0;
    const result = keys.map((key) => {
      const kept = next.get(key);
      if (kept !== undefined) return kept;
      while (taken.has(free)) free += 1;
      taken.add(free);
      next.set(key, free);
      return free;
    });
    this.slots = next;
    return result;
  }
}
