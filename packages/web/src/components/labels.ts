// Where to write each point's label in a scatter chart: beside its point, inside the plot, clear of
// the other labels, points and fixed marks (e.g. a limit line's label).

/** A position in SVG user units. */
type Pt = { x: number; y: number };
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

/** Where a label moved away from its point is tied to it: the box's nearest point, or none when beside it. */
export function leaderEnd(p: Pick<LabelledPoint, "cx" | "cy" | "r">, box: Box): Pt | undefined {
  const x = Math.max(box.left, Math.min(p.cx, box.right));
  const y = Math.max(box.top, Math.min(p.cy, box.bottom));
  return Math.hypot(x - p.cx, y - p.cy) > p.r + 8 ? { x, y } : undefined;
}

/** Whether the segment from `a` to `b` passes through `box` (sampled: labels are a few pixels apart at most). */
function crosses(a: Pt, b: Pt, box: Box): boolean {
  for (let i = 1; i < 20; i++) {
    const x = a.x + ((b.x - a.x) * i) / 20;
    const y = a.y + ((b.y - a.y) * i) / 20;
    if (x > box.left && x < box.right && y > box.top && y < box.bottom) return true;
  }
  return false;
}

const turn = (a: Pt, b: Pt, c: Pt) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));

/** Whether two segments cross (touching ends do not count). */
function intersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  return turn(a, b, c) * turn(a, b, d) < 0 && turn(c, d, a) * turn(c, d, b) < 0;
}

/**
 * Places the labels of `points` (in order) inside `bounds`, avoiding each other, every point,
 * `obstacles` and the lines that tie moved labels to their points. A label with no free place
 * takes the one it overlaps least, kept inside the bounds.
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
  const labels: Box[] = [];
  const leaders: { a: Pt; b: Pt }[] = [];
  const placed: PlacedLabel[] = [];
  for (const p of points) {
    let best: PlacedLabel | undefined;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of candidates(p)) {
      const box = boxOf(c, p.width);
      const end = leaderEnd(p, box);
      const from = { x: p.cx, y: p.cy };
      const tangled =
        leaders.some((l) => crosses(l.a, l.b, box)) ||
        (end !== undefined &&
          (labels.some((l) => crosses(from, end, l)) || leaders.some((l) => intersect(l.a, l.b, from, end))));
      const cost = outside(box, bounds) * 4 + taken.reduce((sum, t) => sum + overlap(box, t), 0) + (tangled ? 2000 : 0);
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
    labels.push(best.box);
    const end = leaderEnd(p, best.box);
    if (end) leaders.push({ a: { x: p.cx, y: p.cy }, b: end });
  }
  return placed;
}

function shift(l: PlacedLabel, dx: number): PlacedLabel {
  return { ...l, x: l.x + dx, box: { ...l.box, left: l.box.left + dx, right: l.box.right + dx } };
}
