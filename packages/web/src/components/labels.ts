// Where the labels of the dashboard's drawings go — the bid chart's points, the network map's
// markers, the Gantt chart's bars and time axis — so that none overlaps another: each label takes
// the first of its candidate places that is inside the drawing (and its own box, if it has one) and
// clear of the labels placed before it, of every mark, of fixed obstacles and of the lines that tie
// moved labels to their marks. Free of React and the DOM so node can test it.

/** A rectangle in SVG user units. */
export type Box = { left: number; top: number; right: number; bottom: number };
/** A line from the edge of a mark to its moved label. */
export type Leader = { x1: number; y1: number; x2: number; y2: number };
/** A place for a label: its box, and the leader line when it stands away from its mark. */
export type Spot = { box: Box; leader?: Leader | undefined };
/**
 * A round mark at (x, y): labels keep clear of its radius `r`, leader lines only of its `dot`
 * (default `r`), e.g. a map marker whose load ring is translucent.
 */
export type Mark = { x: number; y: number; r: number; dot?: number | undefined };
/**
 * A label to place: where it may go, best first; the mark it names, if any; and a box it must
 * stay inside besides the drawing's bounds, e.g. the bar it is written on.
 */
export type LabelRequest = { spots: readonly Spot[]; mark?: Mark | undefined; within?: Box | undefined };

/** Space kept between two labels, and between a label or leader and another mark. */
const gap = 4;
const markClearance = 3;
/** Marks closer than this to a mark crowd it: its label is placed before theirs. */
const crowdRadius = 160;

const rad = Math.PI / 180;

/**
 * Where a label of `width` × `height` may go round `mark`, nearest first: beside it, stacked in a
 * column to either side, then out along a leader line.
 */
export function spotsAround({ x, y, r }: Mark, width: number, height: number): Spot[] {
  const box = (left: number, top: number): Box => ({ left, top, right: left + width, bottom: top + height });
  const g = r + gap;
  const d = g * 0.7;
  const spots: Spot[] = [
    [x + g, y - height / 2],
    [x - g - width, y - height / 2],
    [x + d, y - d - height],
    [x + d, y + d],
    [x - d - width, y - d - height],
    [x - d - width, y + d],
    [x - width / 2, y - g - height],
    [x - width / 2, y + g],
  ].map(([left = 0, top = 0]) => ({ box: box(left, top) }));
  // A column of labels to either side, as close points' labels stack up.
  for (const step of [1, -1, 2, -2, 3, -3]) {
    const top = y - height / 2 + step * (height + gap);
    const end = top + height / 2;
    const toward = (ex: number) => {
      const len = Math.hypot(ex - x, end - y);
      return { x1: x + ((ex - x) / len) * (r + 1), y1: y + ((end - y) / len) * (r + 1), x2: ex, y2: end };
    };
    spots.push(
      { box: box(x + g, top), leader: toward(x + g) },
      { box: box(x - g - width, top), leader: toward(x - g) },
    );
  }
  for (const length of [28, 48, 72, 100, 135, 175, 220]) {
    for (const deg of [
      -90, 90, -60, -120, 60, 120, -30, -150, 30, 150, 0, 180, -45, -135, 45, 135, -75, -105, 75, 105,
    ]) {
      const cos = Math.cos(deg * rad);
      const sin = Math.sin(deg * rad);
      const ex = x + cos * (r + length);
      const ey = y + sin * (r + length);
      // Sideways leaders end at the middle of the label's near side, steep ones at its top or bottom.
      const b =
        Math.abs(cos) > 0.6
          ? box(cos > 0 ? ex : ex - width, ey - height / 2)
          : box(ex - width / 2, sin < 0 ? ey - height : ey);
      spots.push({ box: b, leader: { x1: x + cos * (r + 1), y1: y + sin * (r + 1), x2: ex, y2: ey } });
    }
  }
  return spots;
}

const overlaps = (a: Box, b: Box, margin = 0) =>
  a.left < b.right + margin && a.right + margin > b.left && a.top < b.bottom + margin && a.bottom + margin > b.top;

const contains = (outer: Box, inner: Box) =>
  inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;

const circleHitsBox = (cx: number, cy: number, r: number, b: Box) => {
  const dx = cx - Math.max(b.left, Math.min(cx, b.right));
  const dy = cy - Math.max(b.top, Math.min(cy, b.bottom));
  return dx * dx + dy * dy < r * r;
};

const segmentHitsCircle = ({ x1, y1, x2, y2 }: Leader, cx: number, cy: number, r: number) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((cx - x1) * dx + (cy - y1) * dy) / (dx * dx + dy * dy || 1)));
  return (x1 + t * dx - cx) ** 2 + (y1 + t * dy - cy) ** 2 < r * r;
};

const side = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));

/** Whether two segments cross (touching ends do not count). */
const segmentsCross = (a: Leader, b: Leader) =>
  side(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1) * side(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2) < 0 &&
  side(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1) * side(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2) < 0;

const segmentHitsBox = (s: Leader, b: Box) => {
  const inside = (x: number, y: number) => x > b.left && x < b.right && y > b.top && y < b.bottom;
  if (inside(s.x1, s.y1) || inside(s.x2, s.y2)) return true;
  const edges: Leader[] = [
    { x1: b.left, y1: b.top, x2: b.right, y2: b.top },
    { x1: b.right, y1: b.top, x2: b.right, y2: b.bottom },
    { x1: b.right, y1: b.bottom, x2: b.left, y2: b.bottom },
    { x1: b.left, y1: b.bottom, x2: b.left, y2: b.top },
  ];
  return edges.some((e) => segmentsCross(s, e));
};

const dot = (m: Mark) => m.dot ?? m.r;
/** Whether `m` is `own` or drawn over it (e.g. two equal bids): a leader line cannot but start across it. */
const drawnOver = (m: Mark, own: Mark | undefined) =>
  own !== undefined && Math.hypot(m.x - own.x, m.y - own.y) < dot(m) + dot(own);

/**
 * Places each label at its first free spot, the labels of the most crowded marks first (then in the
 * order given). Labels left without room are placed first in another try, which is kept if it
 * leaves out fewer. A label that still has no free spot is left out (undefined): the caller keeps
 * its mark's name elsewhere (a tooltip, a list).
 * @param bounds the drawing's area every label stays inside
 * @param obstacles fixed marks no label may cover, e.g. a limit line and its text
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  bounds: Box,
  obstacles: readonly Box[] = [],
): (Spot | undefined)[] {
  const marks = requests.flatMap((q) => (q.mark ? [q.mark] : []));
  const crowding = requests.map(({ mark: m }) =>
    m ? marks.filter((o) => Math.hypot(o.x - m.x, o.y - m.y) < crowdRadius).length : 0,
  );
  let order = requests.map((_, i) => i).sort((a, b) => (crowding[b] ?? 0) - (crowding[a] ?? 0) || a - b);
  let best = placeInOrder(requests, order, marks, bounds, obstacles);
  let latest = best;
  const left = (placed: (Spot | undefined)[]) => placed.filter((p) => !p).length;
  for (let tries = 1; tries < maxTries && left(latest) > 0; tries++) {
    const placed = latest;
    order = [...order.filter((i) => !placed[i]), ...order.filter((i) => placed[i])];
    latest = placeInOrder(requests, order, marks, bounds, obstacles);
    if (left(latest) < left(best)) best = latest;
  }
  return best;
}

/** How many orders `placeLabels` tries at most. */
const maxTries = 4;

/** Places the labels one after another in `order`, each at its first free spot. */
function placeInOrder(
  requests: readonly LabelRequest[],
  order: readonly number[],
  marks: readonly Mark[],
  bounds: Box,
  obstacles: readonly Box[],
): (Spot | undefined)[] {
  const boxes: Box[] = [];
  const leaders: Leader[] = [];
  const free = ({ box, leader }: Spot, own: LabelRequest) =>
    contains(bounds, box) &&
    (!own.within || contains(own.within, box)) &&
    !boxes.some((b) => overlaps(b, box, gap)) &&
    !obstacles.some((o) => overlaps(o, box)) &&
    !marks.some((m) => circleHitsBox(m.x, m.y, m.r + markClearance, box)) &&
    !leaders.some((l) => segmentHitsBox(l, box)) &&
    (!leader ||
      (!marks.some((m) => !drawnOver(m, own.mark) && segmentHitsCircle(leader, m.x, m.y, dot(m) + markClearance)) &&
        !boxes.some((b) => segmentHitsBox(leader, b)) &&
        !leaders.some((l) => segmentsCross(l, leader))));
  const placed: (Spot | undefined)[] = requests.map(() => undefined);
  for (const i of order) {
    const request = requests[i] as LabelRequest;
    const spot = request.spots.find((s) => free(s, request));
    if (!spot) continue;
    placed[i] = spot;
    boxes.push(spot.box);
    if (spot.leader) leaders.push(spot.leader);
  }
  return placed;
}
