// Where to write each point's label in a scatter chart: beside its point, inside the plot, clear of
// the other labels, points and fixed marks (e.g. a limit line's label).

/** A rectangle in SVG user units. */
export type Box = { left: number; top: number; right: number; bottom: number };
/** A point to label: centre, radius and the label's measured width. */
export type LabelledPoint = { cx: number; cy: number; r: number; width: number };
/** A label's text position: `x` is where the text starts (`start`) or ends (`end`); `y` its baseline. */
export type PlacedLabel = { x: number; y: number; anchor: "start" | "end"; box: Box };

const ascent = 12;
const descent = 4;
const gap = 4;

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

function outside(a: Box, bounds: Box): number {
  const w = a.right - a.left;
  const h = a.bottom - a.top;
  const inW = Math.max(0, Math.min(a.right, bounds.right) - Math.max(a.left, bounds.left));
  const inH = Math.max(0, Math.min(a.bottom, bounds.bottom) - Math.max(a.top, bounds.top));
  return w * h - inW * inH;
}

function candidates(p: LabelledPoint): Omit<PlacedLabel, "box">[] {
  const out: Omit<PlacedLabel, "box">[] = [];
  const mid = p.cy + 4;
  // Beside the point first (right, then left), then stepping up and down, then above and below.
  for (const dy of [0, -14, 14, -28, 28, -42, 42]) {
    out.push({ x: p.cx + p.r + gap, y: mid + dy, anchor: "start" });
    out.push({ x: p.cx - p.r - gap, y: mid + dy, anchor: "end" });
  }
  for (const y of [p.cy - p.r - gap - descent, p.cy + p.r + gap + ascent]) {
    out.push({ x: p.cx - p.width / 2, y, anchor: "start" });
  }
  return out;
}

function boxOf(c: Omit<PlacedLabel, "box">, width: number): Box {
  const left = c.anchor === "start" ? c.x : c.x - width;
  return { left, right: left + width, top: c.y - ascent, bottom: c.y + descent };
}

/**
 * Places the labels of `points` (in order) inside `bounds`, avoiding each other, every point and
 * `obstacles`. A label with no free place takes the one it overlaps least, kept inside the bounds.
 */
export function placeLabels(
  points: readonly LabelledPoint[],
  bounds: Box,
  obstacles: readonly Box[] = [],
): PlacedLabel[] {
  const pointBoxes = points.map((p) => ({
    left: p.cx - p.r,
    right: p.cx + p.r,
    top: p.cy - p.r,
    bottom: p.cy + p.r,
  }));
  const taken: Box[] = [...obstacles, ...pointBoxes];
  const placed: PlacedLabel[] = [];
  for (const p of points) {
    let best: PlacedLabel | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of candidates(p)) {
      const box = boxOf(c, p.width);
      const cost = outside(box, bounds) * 4 + taken.reduce((sum, t) => sum + overlap(box, t), 0);
      if (cost < bestCost) {
        best = { ...c, box };
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    if (!best) continue;
    // Nowhere free: at least stay inside the plot horizontally.
    if (best.box.right > bounds.right) best = shift(best, bounds.right - best.box.right);
    if (best.box.left < bounds.left) best = shift(best, bounds.left - best.box.left);
    placed.push(best);
    taken.push(best.box);
  }
  return placed;
}

function shift(l: PlacedLabel, dx: number): PlacedLabel {
  return { ...l, x: l.x + dx, box: { ...l.box, left: l.box.left + dx, right: l.box.right + dx } };
}
