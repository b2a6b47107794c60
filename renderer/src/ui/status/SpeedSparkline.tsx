import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { speedHistoryMs, type SpeedSample } from '../../state/connection-slice.js';
import { useApp } from '../services.js';

const width = 120;
const height = 20;

/**
 * The total speed of the last minutes on a small canvas: drawn only from
 * samples the service really sent, each frame redrawn whole (a few hundred
 * points cost nothing; no chart library needed).
 */
export function SpeedSparkline() {
  const { t } = useTranslation();
  const history = useApp((s) => s.speedHistory);
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
    draw(context, history, getComputedStyle(canvas));
  }, [history]);

  return <canvas ref={canvasRef} className="spark" width={width} height={height} role="img" aria-label={t('status.chart', { minutes: speedHistoryMs / 60_000 })} />;
}

function draw(context: CanvasRenderingContext2D, history: readonly SpeedSample[], style: CSSStyleDeclaration): void {
  const last = history.at(-1);
  if (last === undefined || history.length < 2) return;
  const peak = Math.max(...history.map((sample) => sample.speed), 1);
  const x = (at: number) => width - ((last.at - at) / speedHistoryMs) * width;
  const y = (speed: number) => height - 1 - (speed / peak) * (height - 3);
  context.beginPath();
  history.forEach((sample, index) => (index === 0 ? context.moveTo(x(sample.at), y(sample.speed)) : context.lineTo(x(sample.at), y(sample.speed))));
  const line = style.getPropertyValue('--spark-line').trim() || style.color;
  context.strokeStyle = line;
  context.lineWidth = 1.25;
  context.lineJoin = 'round';
  context.stroke();
  context.lineTo(width, height);
  context.lineTo(x((history[0] as SpeedSample).at), height);
  context.closePath();
  context.globalAlpha = 0.14;
  context.fillStyle = line;
  context.fill();
  context.globalAlpha = 1;
}
