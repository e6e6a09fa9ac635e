// A loss/accuracy chart on a plain canvas: training loss (an exponential moving average of the
// batch losses) on the left axis, test accuracy (0-100%) on the right, steps along the bottom.
const PAD = { left: 48, right: 48, top: 14, bottom: 30 };

export function drawChart(canvas, losses, evals, totalSteps) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  ctx.clearRect(0, 0, width, height);

  const maxStep = Math.max(totalSteps, losses.length, 1);
  const smoothed = [];
  let ema = losses[0] ?? 0;
  for (const l of losses) smoothed.push((ema = 0.9 * ema + 0.1 * l));
  const maxLoss = Math.max(0.5, Math.ceil(Math.max(...losses.slice(0, 5), ...smoothed, 0) * 2) / 2);
  const x = (step) => PAD.left + (w * step) / maxStep;
  const yLoss = (v) => PAD.top + h * (1 - v / maxLoss);
  const yAcc = (a) => PAD.top + h * (1 - a);

  // grid and axes
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#e6e8ee';
  ctx.fillStyle = '#667';
  ctx.lineWidth = 1;
  const rows = 5; // loss in steps of maxLoss / 5 (a multiple of 0.1), accuracy in steps of 20%
  for (let i = 0; i <= rows; i++) {
    const y = PAD.top + (h * i) / rows;
    ctx.beginPath();
    ctx.moveTo(PAD.left, y);
    ctx.lineTo(PAD.left + w, y);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText((maxLoss * (1 - i / rows)).toFixed(1), PAD.left - 6, y + 4);
    ctx.textAlign = 'left';
    ctx.fillText(`${100 - (100 / rows) * i}%`, PAD.left + w + 6, y + 4);
  }
  ctx.textAlign = 'center';
  const tick = niceStep(maxStep / 6);
  for (let s = 0; s <= maxStep; s += tick) ctx.fillText(String(s), x(s), PAD.top + h + 16);
  ctx.fillText('step', PAD.left + w / 2, height - 2);

  // training loss (raw in light blue, smoothed in blue)
  line(ctx, losses.map((v, i) => [x(i + 1), yLoss(Math.min(v, maxLoss))]), 'rgba(47,111,214,0.25)', 1);
  line(ctx, smoothed.map((v, i) => [x(i + 1), yLoss(v)]), '#2f6fd6', 2);
  // test accuracy
  const points = evals.map((e) => [x(e.step), yAcc(e.accuracy)]);
  line(ctx, points, '#e0761a', 2);
  ctx.fillStyle = '#e0761a';
  for (const [px, py] of points) ctx.fillRect(px - 2, py - 2, 4, 4);
}

function line(ctx, points, color, width) {
  if (points.length < 2) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  points.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
  ctx.stroke();
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
}
