/**
 * Connections open at once to each host, across all transfers: each
 * transfer's first, plus the extra ones a segmented transfer takes. A host
 * with none open has no entry.
 */
export class HostSlots {
  private readonly open = new Map<string, number>();

  count(host: string): number {
    return this.open.get(host) ?? 0;
  }

  /** Takes a connection unless `cap` are already open to the host. */
  tryTake(host: string, cap: number): boolean {
    if (this.count(host) >= cap) return false;
    this.take(host);
    return true;
  }

  take(host: string): void {
    this.open.set(host, this.count(host) + 1);
  }

  release(host: string): void {
    const count = this.count(host) - 1;
    if (count > 0) this.open.set(host, count);
    else this.open.delete(host);
  }
}
