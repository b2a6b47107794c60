/**
 * Speed over a sliding window: steady enough to read, quick enough to follow
 * a change. Fed with (time, total bytes) samples; `now` is passed in.
 */
export class SpeedMeter {
  private readonly samples: { readonly at: number; readonly bytes: number }[] = [];

  constructor(private readonly windowMs = 5_000) {}

  sample(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - this.windowMs) this.samples.shift();
  }

  /** Bytes per second over the window; 0 until two samples exist. */
  bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.at <= first.at) return 0;
    return ((last.bytes - first.bytes) * 1_000) / (last.at - first.at);
  }
}
