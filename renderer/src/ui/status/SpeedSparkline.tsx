import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { speedHistoryMs } from '../../state/connection-slice.js';
import { useNow } from '../common/use-now.js';
import { useApp } from '../services.js';
import { sparklinePoints, type Point } from './sparkline-points.js';

const width = 120;
const height = 20;

/**
 * The total speed of the last minutes on a small canvas: drawn only from
 * samples the service really sent, redrawn whole as they come and as time
 * passes (a few hundred points cost nothing; no chart library needed).
 */
export function SpeedSparkline() {
  const { t } = useTranslation();
  const history = useApp((s) => s.speedHistory);
  // A pixel is 2.5 s of the window.
  const now = useNow(true, 2_500);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (canvas == null || context == null) return;
    const scale = window.devicePixelRatio || 1;
    canvas.width = width * scale;
    canvas.height = height * scale;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, width, height);
    drawBaseline(context, getComputedStyle(canvas));
    const points = sparklinePoints(history, Math.max(now, history.at(-1)?.at ?? now), width, height);
    if (points !== null) draw(context, points, getComputedStyle(canvas));
  }, [history, now]);

  return <canvas ref={canvasRef} className="spark" width={width} height={height} role="img" aria-label={t('status.chart', { minutes: speedHistoryMs / 60_000 })} />;
}

/** A faint floor, so a short burst at the right edge reads as a chart rather than a stray mark. */
function drawBaseline(context: CanvasRenderingContext2D, style: CSSStyleDeclaration): void {
  context.globalAlpha = 0.25;
  context.fillStyle = style.getPropertyValue('--spark-line').trim() || style.color;
  context.fillRect(0, height - 1, width, 1);
  context.globalAlpha = 1;
}

function draw(context: CanvasRenderingContext2D, points: readonly Point[], style: CSSStyleDeclaration): void {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return;
  context.beginPath();
  points.forEach((point, index) => (index === 0 ? context.moveTo(point.x, point.y) : context.lineTo(point.x, point.y)));
  const line = style.getPropertyValue('--spark-line').trim() || style.color;
  context.strokeStyle = line;
  context.lineWidth = 1.25;
  context.lineJoin = 'round';
  context.stroke();
  context.lineTo(last.x, height);
  context.lineTo(first.x, height);
  context.closePath();
  context.globalAlpha = 0.14;
  context.fillStyle = line;
  context.fill();
  context.globalAlpha = 1;
}
