import { speedHistoryMs, type SpeedSample } from '../../state/connection-slice.js';

/** The shortest stretch of time the line spans. */
export const minSpanMs = 60_000;

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Where the status bar's speed line runs, in canvas pixels, for the window of
 * the last minutes ending now (or since the window opened, if that is
 * shorter); null when there is nothing to draw (no speed above zero in the
 * window, or too short a history to be a line). Speed zero lies just below
 * the canvas, so idle stretches leave no baseline stub behind; the last sample
 * holds until now, since the service reports the speed only when it changes.
 */
export function sparklinePoints(history: readonly SpeedSample[], now: number, width: number, height: number): Point[] | null {
  // A short history spreads over the whole width (a minute at least), so the first seconds of activity are a line, not a mark at the edge.
  const span = Math.min(speedHistoryMs, Math.max(minSpanMs, now - (history[0]?.at ?? now)));
  const from = now - span;
  const shown = history.filter((sample, index) => sample.at >= from || (history[index + 1]?.at ?? now) > from);
  const peak = Math.max(0, ...shown.map((sample) => sample.speed));
  if (peak === 0) return null;
  const x = (at: number) => Math.max(0, width - ((now - at) / span) * width);
  const y = (speed: number) => (speed === 0 ? height + 2 : height - 1 - (speed / peak) * (height - 3));
  const points = shown.map((sample) => ({ x: x(sample.at), y: y(sample.speed) }));
  const last = shown.at(-1);
  if (last !== undefined && last.at < now) points.push({ x: width, y: y(last.speed) });
  // Under two pixels of history is a mark at the edge, not a line yet.
  return width - (points[0]?.x ?? width) < 2 ? null : points;
}
