// Layout of the offline network map, free of React and the DOM so node can test it: the view that
// frames the manufacturers, country outlines made continuous across the antimeridian, and labels
// beside their own marker — moved out along a leader line where markers crowd — without overlaps.
import type { Position } from "geojson";

const rad = Math.PI / 180;
/** Web Mercator runs to infinity at the poles; the map stops at ±85°. */
const maxLat = 85;
const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-maxLat, Math.min(maxLat, lat)) * rad) / 2));
const latOf = (y: number) => (2 * Math.atan(Math.exp(y)) - Math.PI / 2) / rad;

/** A ring of a country outline with continuous longitudes (they may run past ±180) and its bounds. */
export type LandRing = { points: Position[]; lon0: number; lon1: number; lat0: number; lat1: number };

/**
 * Makes a ring's longitudes continuous. world-atlas leaves the rings that cross the antimeridian
 * (Russia, Fiji, Antarctica) jumping between +180 and −180, which a plain projection draws as a
 * line across the whole map. A ring that goes round a pole (Antarctica) is closed along that pole.
 */
export function unwrapRing(ring: readonly Position[]): LandRing {
  const points: Position[] = [];
  let shift = 0;
  let prev: number | undefined;
  for (const [lon = 0, lat = 0] of ring) {
    let x = lon + shift;
    if (prev !== undefined && x - prev > 180) shift -= 360;
    else if (prev !== undefined && x - prev < -180) shift += 360;
    x = lon + shift;
    points.push([x, lat]);
    prev = x;
  }
  const first = points[0];
  const last = points.at(-1);
  if (first && last && Math.abs((last[0] ?? 0) - (first[0] ?? 0)) > 180) {
    const pole = points.reduce((sum, [, lat = 0]) => sum + lat, 0) < 0 ? -90 : 90;
    points.push([last[0] ?? 0, pole], [first[0] ?? 0, pole]);
  }
  const bounds = { lon0: Infinity, lon1: -Infinity, lat0: Infinity, lat1: -Infinity };
  for (const [lon = 0, lat = 0] of points) {
    bounds.lon0 = Math.min(bounds.lon0, lon);
    bounds.lon1 = Math.max(bounds.lon1, lon);
    bounds.lat0 = Math.min(bounds.lat0, lat);
    bounds.lat1 = Math.max(bounds.lat1, lat);
  }
  return { points, ...bounds };
}

export type LonLat = { lon: number; lat: number };

/** What the map shows at a given pixel size. */
export type MapView = {
  width: number;
  height: number;
  /** Pixel position of a place; its longitude is taken within the view's 360° window. */
  project: (lon: number, lat: number) => [number, number];
  /** Pixel x of a longitude as given (no wrapping), for the continuous outlines. */
  xOf: (lon: number) => number;
  yOf: (lat: number) => number;
  /** The longitudes and latitudes in sight. */
  west: number;
  east: number;
  south: number;
  north: number;
};

/** Where Europe is: the view when no manufacturer has published a location. */
const europe: LonLat[] = [
  { lon: -10, lat: 36 },
  { lon: 30, lat: 60 },
];
/** The view never zooms in further than this many degrees of longitude, nor latitude. */
const minLonSpan = 24;
const minLatSpan = 12;

/**
 * The Web Mercator view that frames the places with some padding, at the given size in pixels.
 * Its longitudes are the shortest arc holding every place, so a network around the Pacific is
 * centred on the Pacific rather than stretched across the whole world.
 */
export function frameView(places: readonly LonLat[], width: number, height: number): MapView {
  const framed = places.length > 0 ? places : europe;
  // The widest gap between neighbouring longitudes (round the globe) is what the view leaves out.
  const lons = framed.map((p) => p.lon).sort((a, b) => a - b);
  let gapEnd = 0;
  let gap = (lons[0] ?? 0) + 360 - (lons.at(-1) ?? 0);
  for (let i = 1; i < lons.length; i++) {
    const g = (lons[i] ?? 0) - (lons[i - 1] ?? 0);
    if (g > gap) {
      gap = g;
      gapEnd = i;
    }
  }
  const west = lons[gapEnd] ?? 0;
  const lonSpan = Math.max(minLonSpan, 360 - gap);
  const lonMid = west + (360 - gap) / 2;
  const lats = framed.map((p) => p.lat);
  const latMid = (Math.min(...lats) + Math.max(...lats)) / 2;
  const south = Math.min(Math.min(...lats), latMid - minLatSpan / 2);
  const north = Math.max(Math.max(...lats), latMid + minLatSpan / 2);
  const padX = Math.max(40, width * 0.07);
  const padY = Math.max(36, height * 0.12);
  // One scale (pixels per radian) for both axes; never so small that the world repeats.
  const scale = Math.max(
    width / (2 * Math.PI),
    Math.min((width - 2 * padX) / (lonSpan * rad), (height - 2 * padY) / (mercY(north) - mercY(south))),
  );
  const half = height / 2 / scale;
  const limit = mercY(maxLat);
  const cy = half >= limit ? 0 : Math.max(-limit + half, Math.min(limit - half, (mercY(south) + mercY(north)) / 2));
  const xOf = (lon: number) => width / 2 + (lon - lonMid) * rad * scale;
  const yOf = (lat: number) => height / 2 - (mercY(lat) - cy) * scale;
  const halfLon = width / 2 / scale / rad;
  return {
    width,
    height,
    project: (lon, lat) => [xOf(lon - 360 * Math.round((lon - lonMid) / 360)), yOf(lat)],
    xOf,
    yOf,
    west: lonMid - halfLon,
    east: lonMid + halfLon,
    south: latOf(cy - half),
    north: latOf(cy + half),
  };
}

/**
 * The SVG path of the outlines in view. Each ring is drawn once for every 360° copy of it that
 * reaches into the view (the view may run past ±180); the SVG clips what falls outside.
 */
export function landPath(rings: readonly LandRing[], view: MapView): string {
  const parts: string[] = [];
  for (const ring of rings) {
    if (ring.lat1 < view.south || ring.lat0 > view.north) continue;
    for (const shift of [-360, 0, 360]) {
      if (ring.lon1 + shift < view.west || ring.lon0 + shift > view.east) continue;
      let d = "";
      let lastX = Number.NaN;
      let lastY = Number.NaN;
      let count = 0;
      for (const [lon = 0, lat = 0] of ring.points) {
        const x = view.xOf(lon + shift);
        const y = view.yOf(lat);
        // Points closer than a pixel to the last one drawn add nothing but weight.
        if (Math.abs(x - lastX) + Math.abs(y - lastY) < 0.8) continue;
        d += `${d ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
        lastX = x;
        lastY = y;
        count++;
      }
      if (count >= 3) parts.push(`${d}Z`);
    }
  }
  return parts.join("");
}

/** Legal forms left off map labels (the list and the marker's name keep them). */
const legalForm =
  /[\s,]+(gmbh|ag|kg|s\.?r\.?l\.?|s\.?p\.?a\.?|s\.?a\.?s?\.?|s\.?r\.?o\.?|a\.s\.|b\.?v\.?|n\.?v\.?|co\.?,? ltd\.?|pvt\.? ltd\.?|ltd\.?|llc|inc\.?|corp\.?|k\.?k\.?|oy|ab|plc|sp\. z o\.o\.)$/i;

/**
 * A company's name without its legal form, for the map's labels.
 * @example shortName("Pune Precision Components Pvt. Ltd.") // "Pune Precision Components"
 */
export function shortName(name: string): string {
  const short = name.replace(legalForm, "").trim();
  return short || name;
}

export type Box = { x0: number; y0: number; x1: number; y1: number };
/** A line from the edge of a marker to its label: [x1, y1, x2, y2]. */
export type Leader = [number, number, number, number];
/**
 * A marker at (x, y) and its label's size in pixels. Labels keep clear of every marker's full
 * radius r (its load ring); leader lines only of its dot (radius dot), as the rings are translucent.
 */
export type LabelRequest = { x: number; y: number; r: number; dot: number; width: number; height: number };
export type PlacedLabel = { box: Box; leader: Leader | undefined };

const overlaps = (a: Box, b: Box, margin: number) =>
  a.x0 < b.x1 + margin && a.x1 + margin > b.x0 && a.y0 < b.y1 + margin && a.y1 + margin > b.y0;

const circleHitsBox = (cx: number, cy: number, r: number, b: Box) => {
  const dx = cx - Math.max(b.x0, Math.min(cx, b.x1));
  const dy = cy - Math.max(b.y0, Math.min(cy, b.y1));
  return dx * dx + dy * dy < r * r;
};

const segmentHitsCircle = ([x1, y1, x2, y2]: Leader, cx: number, cy: number, r: number) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((cx - x1) * dx + (cy - y1) * dy) / (dx * dx + dy * dy || 1)));
  return (x1 + t * dx - cx) ** 2 + (y1 + t * dy - cy) ** 2 < r * r;
};

const side = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));

const segmentsCross = ([a, b, c, d]: Leader, [e, f, g, h]: Leader) =>
  side(a, b, c, d, e, f) * side(a, b, c, d, g, h) < 0 && side(e, f, g, h, a, b) * side(e, f, g, h, c, d) < 0;

const segmentHitsBox = (s: Leader, b: Box) => {
  const inside = (x: number, y: number) => x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1;
  if (inside(s[0], s[1]) || inside(s[2], s[3])) return true;
  const edges: Leader[] = [
    [b.x0, b.y0, b.x1, b.y0],
    [b.x1, b.y0, b.x1, b.y1],
    [b.x1, b.y1, b.x0, b.y1],
    [b.x0, b.y1, b.x0, b.y0],
  ];
  return edges.some((e) => segmentsCross(s, e));
};

/** Where a label may go, nearest first: beside its marker, then out along a leader line. */
function candidates({ x, y, r, width: w, height: h }: LabelRequest): PlacedLabel[] {
  const box = (x0: number, y0: number): Box => ({ x0, y0, x1: x0 + w, y1: y0 + h });
  const g = r + 4;
  const d = g * 0.7;
  const out: PlacedLabel[] = [
    [x + g, y - h / 2],
    [x - g - w, y - h / 2],
    [x + d, y - d - h],
    [x + d, y + d],
    [x - d - w, y - d - h],
    [x - d - w, y + d],
    [x - w / 2, y - g - h],
    [x - w / 2, y + g],
  ].map(([x0 = 0, y0 = 0]) => ({ box: box(x0, y0), leader: undefined }));
  for (const length of [28, 48, 72, 100, 135, 175, 220]) {
    for (const deg of [
      -90, 90, -60, -120, 60, 120, -30, -150, 30, 150, 0, 180, -45, -135, 45, 135, -75, -105, 75, 105,
    ]) {
      const cos = Math.cos(deg * rad);
      const sin = Math.sin(deg * rad);
      const ex = x + cos * (r + length);
      const ey = y + sin * (r + length);
      // Sideways leaders end at the middle of the label's near side, steep ones at its top or bottom.
      const b = Math.abs(cos) > 0.6 ? box(cos > 0 ? ex : ex - w, ey - h / 2) : box(ex - w / 2, sin < 0 ? ey - h : ey);
      out.push({ box: b, leader: [x + cos * (r + 1), y + sin * (r + 1), ex, ey] });
    }
  }
  return out;
}

/**
 * Places every marker's label inside the map without touching another label, leader line or
 * marker, most crowded markers first. A label with no room anywhere is left out (undefined): its
 * marker keeps its accessible name and tooltip, and the list beside the map names it.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  width: number,
  height: number,
): (PlacedLabel | undefined)[] {
  const crowding = requests.map((p) => requests.filter((q) => Math.hypot(q.x - p.x, q.y - p.y) < 160).length);
  const order = requests
    .map((request, i) => ({ request, i }))
    .sort((a, b) => (crowding[b.i] ?? 0) - (crowding[a.i] ?? 0) || a.i - b.i);
  const boxes: Box[] = [];
  const leaders: Leader[] = [];
  const placed: (PlacedLabel | undefined)[] = requests.map(() => undefined);
  const fits = ({ box, leader }: PlacedLabel, own: LabelRequest) =>
    box.x0 >= 2 &&
    box.y0 >= 2 &&
    box.x1 <= width - 2 &&
    box.y1 <= height - 2 &&
    !boxes.some((b) => overlaps(b, box, 4)) &&
    !requests.some((p) => circleHitsBox(p.x, p.y, p.r + 3, box)) &&
    !leaders.some((l) => segmentHitsBox(l, box)) &&
    (!leader ||
      (!requests.some((p) => p !== own && segmentHitsCircle(leader, p.x, p.y, p.dot + 3)) &&
        !boxes.some((b) => segmentHitsBox(leader, b)) &&
        !leaders.some((l) => segmentsCross(l, leader))));
  for (const { request, i } of order) {
    const spot = candidates(request).find((c) => fits(c, request));
    if (!spot) continue;
    placed[i] = spot;
    boxes.push(spot.box);
    if (spot.leader) leaders.push(spot.leader);
  }
  return placed;
}
