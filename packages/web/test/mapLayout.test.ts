// The network map's layout (src/features/network/mapLayout.ts) with the shipped world outlines:
// no outline is drawn across the map at the antimeridian, the view frames the manufacturers, and
// every label finds a place beside its own marker (components/labels.ts) without overlapping
// another label or marker.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlas from "world-atlas/countries-50m.json" with { type: "json" };
import { type Box, type Mark, placeLabels, type Spot, spotsAround } from "../src/components/labels.ts";
import { frameView, type LonLat, landPath, shortName, unwrapRing } from "../src/features/network/mapLayout.ts";

const topo = atlas as unknown as Topology<{ countries: GeometryCollection }>;
const land = feature(topo, topo.objects.countries).features.flatMap((f) => {
  const g = f.geometry as Polygon | MultiPolygon | null;
  if (!g) return [];
  return (g.type === "Polygon" ? [g.coordinates] : g.coordinates).flat().map(unwrapRing);
});

/** The eight manufacturers `npm start` registers (packages/node/src/demo/network.ts). */
const demo = [
  { name: "Präzisionswerk Neckar GmbH", lat: 48.7758, lon: 9.1829 },
  { name: "Officina Meccanica Dora S.r.l.", lat: 45.0703, lon: 7.6869 },
  { name: "Brněnské plechy s.r.o.", lat: 49.1951, lon: 16.6068 },
  { name: "Eindhoven Additive Works B.V.", lat: 51.4416, lon: 5.4697 },
  { name: "Shenzhen Bright Mould Co., Ltd.", lat: 22.5431, lon: 114.0579 },
  { name: "Pune Precision Components Pvt. Ltd.", lat: 18.5204, lon: 73.8567 },
  { name: "Motor City Print Lab LLC", lat: 42.3314, lon: -83.0458 },
  { name: "Osaka Seimitsu Kogyo K.K.", lat: 34.6937, lon: 135.5023 },
];

/** The longest horizontal step between consecutive points of any outline in an SVG path. */
function widestStep(d: string): number {
  let widest = 0;
  for (const sub of d.split("M").filter(Boolean)) {
    const xs = sub
      .replace("Z", "")
      .split("L")
      .map((p) => Number(p.split(",")[0]));
    for (let i = 1; i < xs.length; i++) widest = Math.max(widest, Math.abs((xs[i] ?? 0) - (xs[i - 1] ?? 0)));
  }
  return widest;
}

describe("unwrapRing", () => {
  it("makes a ring that crosses the antimeridian continuous", () => {
    const fiji = unwrapRing([
      [179, -16],
      [-179, -16],
      [-179, -17],
      [179, -17],
      [179, -16],
    ]);
    assert.deepEqual(
      fiji.points.map(([lon]) => lon),
      [179, 181, 181, 179, 179],
    );
    assert.deepEqual([fiji.lon0, fiji.lon1], [179, 181]);
  });

  it("closes a ring round the south pole along the pole", () => {
    const ring = unwrapRing([
      [-180, -70],
      [-90, -72],
      [0, -70],
      [90, -72],
      [180, -70],
      [-180, -70],
    ]);
    assert.deepEqual(ring.points.slice(-3), [
      [180, -70],
      [180, -90],
      [-180, -90],
    ]);
  });
});

describe("frameView", () => {
  it("centres a network round the Pacific on the Pacific", () => {
    const view = frameView(
      [
        { lon: 135.5, lat: 34.7 }, // Osaka
        { lon: -83, lat: 42.3 }, // Detroit
      ],
      1000,
      500,
    );
    const [osaka] = view.project(135.5, 34.7);
    const [detroit] = view.project(-83, 42.3);
    assert.ok(osaka > 0 && osaka < detroit && detroit < 1000, `Osaka at x ${osaka}, Detroit at ${detroit}`);
    assert.ok(view.east > 180, `view runs past 180° to ${view.east}`);
  });

  it("keeps a single place in a region, not a street", () => {
    const view = frameView([{ lon: 16.6, lat: 49.2 }], 1000, 500);
    assert.ok(view.east - view.west >= 24, `${view.east - view.west}° of longitude`);
  });
});

describe("landPath", () => {
  const networks: [string, readonly LonLat[]][] = [
    ["the demo network", demo],
    ["a network round the Pacific", demo.slice(4)],
    ["the whole world", [...demo, { lat: -36.85, lon: 174.76 }]],
  ];
  for (const [name, places] of networks) {
    it(`draws no line across the map for ${name}`, () => {
      const view = frameView(places, 1200, 520);
      const d = landPath(land, view);
      assert.ok(d.length > 10_000, "outlines drawn");
      assert.ok(widestStep(d) < 600, `a step of ${widestStep(d)} px`);
    });
  }
});

describe("shortName", () => {
  it("leaves off the legal form", () => {
    assert.deepEqual(
      demo.map((m) => shortName(m.name)),
      [
        "Präzisionswerk Neckar",
        "Officina Meccanica Dora",
        "Brněnské plechy",
        "Eindhoven Additive Works",
        "Shenzhen Bright Mould",
        "Pune Precision Components",
        "Motor City Print Lab",
        "Osaka Seimitsu Kogyo",
      ],
    );
    assert.equal(shortName("Carol Precision"), "Carol Precision");
    assert.equal(shortName("GmbH"), "GmbH");
  });
});

const intersects = (a: Box, b: Box) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
/** How far a marker's centre is from a box (0 inside it). */
const distance = (m: Mark, b: Box) =>
  Math.hypot(m.x - Math.max(b.left, Math.min(m.x, b.right)), m.y - Math.max(b.top, Math.min(m.y, b.bottom)));

describe("the map's labels (components/labels.ts)", () => {
  // The map's sizes at 1280, 1024 and 820 px windows; 8 px a character is wider than the 13 px
  // labels in the fonts we ship to, and every marker has the largest load ring.
  for (const [width, height] of [
    [1190, 520],
    [934, 467],
    [738, 369],
  ] as const) {
    it(`labels each of the demo's markers at ${width} × ${height} without overlaps`, () => {
      const view = frameView(demo, width, height);
      const marks: Mark[] = demo.map((m) => {
        const [x, y] = view.project(m.lon, m.lat);
        return { x, y, r: 18, dot: 5.5 };
      });
      const placed = placeLabels(
        marks.map((mark, i) => ({
          mark,
          spots: spotsAround(mark, shortName(demo[i]?.name ?? "").length * 8 + 14, 22),
        })),
        { left: 2, top: 2, right: width - 2, bottom: height - 2 },
      );
      const labels = placed.filter((p): p is Spot => p !== undefined);
      assert.equal(labels.length, demo.length, `unlabelled: ${demo.filter((_, i) => !placed[i]).map((m) => m.name)}`);
      labels.forEach(({ box }, i) => {
        assert.ok(
          box.left >= 0 && box.top >= 0 && box.right <= width && box.bottom <= height,
          `label ${i} inside the map`,
        );
        for (const other of labels.slice(i + 1)) assert.ok(!intersects(box, other.box), "labels apart");
        for (const m of marks) assert.ok(distance(m, box) >= m.r, `label ${i} clear of every marker`);
      });
      // Labels without a leader line sit right beside their own marker.
      placed.forEach((p, i) => {
        const own = marks[i];
        if (!p || p.leader || !own) return;
        assert.ok(distance(own, p.box) < own.r + 6, `label ${i} beside its marker`);
      });
    });
  }
});
