// Layout of the offline network map, free of React and the DOM so node can test it: the view that
// frames the manufacturers, country outlines made continuous across the antimeridian, and the
// markers' short names. Their labels go where components/labels.ts places them.
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
