// Unit tests of the one label-placement routine (src/components/labels.ts) as the dashboard's
// drawings use it: the bid chart's points (close bids, a budget line) and the Gantt chart's bars and
// time axis (labels inside their bar, clear of the "now" marker, left out where there is no room).
// The network map's labels: mapLayout.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Box, placeLabels, type Spot, spotsAround } from "../src/components/labels.ts";

const overlaps = (a: Box, b: Box) =>
  Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
const inside = (outer: Box, inner: Box) =>
  inner.left >= outer.left && inner.right <= outer.right && inner.top >= outer.top && inner.bottom <= outer.bottom;
const placedOnly = (placed: (Spot | undefined)[]) => placed.filter((p): p is Spot => p !== undefined);

function assertApart(spots: readonly Spot[]) {
  for (const [i, a] of spots.entries())
    for (const [j, b] of spots.entries()) if (i < j) assert.ok(!overlaps(a.box, b.box), `labels ${i} and ${j}`);
}

describe("placeLabels: the bid chart's points", () => {
  const bounds = { left: 56, top: 0, right: 600, bottom: 220 };
  /** A point label as the chart sets it: 12 px type, 16 px tall. */
  const point = (cx: number, cy: number, r: number, width: number) => {
    const mark = { x: cx, y: cy, r };
    return { mark, spots: spotsAround(mark, width, 16) };
  };

  it("keeps the labels of close points apart and inside the plot", () => {
    const points = [point(400, 60, 6.5, 190), point(412, 66, 6.5, 180), point(405, 72, 6.5, 120)];
    const placed = placeLabels(points, bounds);
    const labels = placedOnly(placed);
    assert.equal(labels.length, 3);
    for (const [i, l] of labels.entries()) {
      assert.ok(inside(bounds, l.box), `label ${i} inside`);
      for (const { mark: p } of points)
        assert.ok(!overlaps(l.box, { left: p.x - p.r, right: p.x + p.r, top: p.y - p.r, bottom: p.y + p.r }));
    }
    assertApart(labels);
  });

  it("ties moved labels to their points with lines that neither cross nor run through labels", () => {
    // Four bids as the order page draws them: 850 and 855 at 10 days, 860 at 9.5, 870 at 9; budget line above.
    const points = [point(367, 47, 8, 95), point(367, 46, 6.5, 180), point(352, 45, 6.5, 195), point(336, 43, 6.5, 92)];
    const budget = [{ left: 56, right: 523, top: 39, bottom: 41 }];
    const placed = placeLabels(points, { ...bounds, right: 523 }, budget);
    const labels = placedOnly(placed);
    assert.equal(labels.length, 4);
    const leaders = placed.flatMap((l, i) => (l?.leader ? [{ i, ...l.leader }] : []));
    assert.ok(leaders.length > 0, "crowded labels move out along leader lines");
    type Pt = { x: number; y: number };
    const turn = (a: Pt, b: Pt, c: Pt) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
    for (const l of leaders) {
      const [a, b] = [
        { x: l.x1, y: l.y1 },
        { x: l.x2, y: l.y2 },
      ];
      for (const m of leaders) {
        if (l.i >= m.i) continue;
        const [c, d] = [
          { x: m.x1, y: m.y1 },
          { x: m.x2, y: m.y2 },
        ];
        assert.ok(!(turn(a, b, c) * turn(a, b, d) < 0 && turn(c, d, a) * turn(c, d, b) < 0), `leaders ${l.i}, ${m.i}`);
      }
      for (const [j, other] of placed.entries()) {
        if (j === l.i || !other) continue;
        const through = Array.from({ length: 19 }, (_, k) => (k + 1) / 20).some((t) => {
          const x = a.x + (b.x - a.x) * t;
          const y = a.y + (b.y - a.y) * t;
          return x > other.box.left && x < other.box.right && y > other.box.top && y < other.box.bottom;
        });
        assert.ok(!through, `leader ${l.i} runs through label ${j}`);
      }
    }
    for (const l of labels) assert.ok(!overlaps(l.box, budget[0] as Box), "clear of the budget line");
    assertApart(labels);
  });

  it("writes the label to the left of a point near the right edge", () => {
    const [l] = placeLabels([point(560, 100, 6.5, 150)], bounds);
    assert.ok(l && l.box.right < 560 && l.leader === undefined, JSON.stringify(l));
  });

  it("avoids fixed marks such as the budget line's label", () => {
    const mark = { left: 380, right: 596, top: 40, bottom: 56 };
    const [l] = placeLabels([point(360, 50, 6.5, 150)], bounds, [mark]);
    assert.ok(l && !overlaps(l.box, mark));
  });
});

describe("placeLabels: no room", () => {
  it("leaves out a label with no room anywhere rather than overlap", () => {
    const mark = { x: 50, y: 20, r: 5 };
    const [l] = placeLabels([{ mark, spots: spotsAround(mark, 120, 22) }], { left: 0, top: 0, right: 100, bottom: 40 });
    assert.equal(l, undefined);
  });
});

describe("placeLabels: the Gantt chart's bars and axis", () => {
  const bounds = { left: 230, top: 0, right: 1180, bottom: 200 };
  /** A bar label: 6 px into its bar, which it must not leave. */
  const barLabel = (x0: number, w: number, textWidth: number) => ({
    spots: [{ box: { left: x0 + 6, right: x0 + 6 + textWidth, top: 42, bottom: 54 } }],
    within: { left: x0, right: x0 + w - 4, top: 37, bottom: 57 },
  });
  const tick = (x: number, textWidth: number) => ({
    spots: [{ box: { left: x + 4, right: x + 4 + textWidth, top: 11, bottom: 23 } }],
  });

  it("writes a label in its bar only where it fits", () => {
    const placed = placeLabels([barLabel(300, 60, 20), barLabel(400, 60, 70), barLabel(500, 25, 20)], bounds);
    assert.deepEqual(
      placed.map((p) => p !== undefined),
      [true, false, false],
    );
  });

  it("keeps the axis's labels clear of the now marker and of each other, in their order", () => {
    const now = { left: 482, right: 518, top: 2, bottom: 16 };
    const placed = placeLabels([tick(300, 36), tick(330, 36), tick(400, 36), tick(470, 36), tick(560, 36)], bounds, [
      now,
    ]);
    assert.deepEqual(
      placed.map((p) => p !== undefined),
      [true, false, true, false, true],
    );
    assertApart(placedOnly(placed));
  });
});
