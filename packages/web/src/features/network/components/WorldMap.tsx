// An offline map: Natural Earth country outlines (world-atlas, shipped with the app) projected
// here with Web Mercator into SVG, framed around the markers. No tiles, no network.
import type { MultiPolygon, Polygon, Position } from "geojson";
import { useMemo } from "react";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlas from "world-atlas/countries-50m.json";
import { useLocation } from "wouter";

export type MapMarker = {
  id: string;
  lat: number;
  lon: number;
  label: string;
  href: string;
  detail?: string | undefined;
};

const W = 960;
const H = 560;
const rad = Math.PI / 180;
const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, lat)) * rad) / 2));

type Bounds = { lon0: number; lon1: number; lat0: number; lat1: number };

/** Frames the markers (with margins) at the map's aspect ratio; Europe when there are none. */
function frame(markers: readonly MapMarker[]): Bounds {
  if (markers.length === 0) return { lon0: -11, lon1: 34, lat0: 35, lat1: 62 };
  let lon0 = Math.min(...markers.map((m) => m.lon));
  let lon1 = Math.max(...markers.map((m) => m.lon));
  let lat0 = Math.min(...markers.map((m) => m.lat));
  let lat1 = Math.max(...markers.map((m) => m.lat));
  const padLon = Math.max(4, (lon1 - lon0) * 0.25);
  const padLat = Math.max(3, (lat1 - lat0) * 0.25);
  lon0 -= padLon;
  lon1 += padLon;
  lat0 = Math.max(-80, lat0 - padLat);
  lat1 = Math.min(80, lat1 + padLat);
  return { lon0, lon1, lat0, lat1 };
}

function projector(b: Bounds) {
  const x0 = b.lon0 * rad;
  const x1 = b.lon1 * rad;
  const y0 = mercY(b.lat0);
  const y1 = mercY(b.lat1);
  // One scale for both axes (no distortion beyond Mercator's own), centred in the frame.
  const scale = Math.min(W / (x1 - x0), H / (y1 - y0));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return (lon: number, lat: number): [number, number] => [
    W / 2 + (lon * rad - cx) * scale,
    H / 2 - (mercY(lat) - cy) * scale,
  ];
}

type Placed = { x: number; y: number; anchor: "start" | "end"; text: string } | undefined;

// Labels are 15 px semi-bold (styles.css); 9.6 px per character bounds their width in the fonts we ship to.
const CHAR_W = 9.6;
const LABEL_H = 18;
const MAX_CHARS = 24;

/**
 * Places each marker's label beside it without overlapping labels placed before or leaving the
 * map; a label that fits nowhere is left out (the marker keeps its tooltip and the list beside
 * the map names it).
 */
function placeLabels(points: readonly { x: number; y: number; label: string }[]): Placed[] {
  // Every marker's dot is an obstacle too, so no label runs over another factory.
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = points.map(({ x, y }) => ({
    x0: x - 8,
    y0: y - 8,
    x1: x + 8,
    y1: y + 8,
  }));
  const overlaps = (b: (typeof boxes)[number]) =>
    boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
  return points.map(({ x, y, label }) => {
    const text = label.length > MAX_CHARS ? `${label.slice(0, MAX_CHARS - 1).trimEnd()}…` : label;
    const width = text.length * CHAR_W;
    const candidates: { dx: number; dy: number; anchor: "start" | "end" }[] = [
      { dx: 11, dy: -8, anchor: "start" },
      { dx: 11, dy: 20, anchor: "start" },
      { dx: -11, dy: -8, anchor: "end" },
      { dx: -11, dy: 20, anchor: "end" },
      { dx: 11, dy: 6, anchor: "start" },
      { dx: -11, dy: 6, anchor: "end" },
    ];
    for (const c of candidates) {
      const lx = x + c.dx;
      const ly = y + c.dy;
      const box = {
        x0: c.anchor === "start" ? lx : lx - width,
        x1: c.anchor === "start" ? lx + width : lx,
        y0: ly - LABEL_H + 4,
        y1: ly + 4,
      };
      if (box.x0 < 4 || box.x1 > W - 4 || box.y0 < 4 || box.y1 > H - 4 || overlaps(box)) continue;
      boxes.push(box);
      return { x: lx, y: ly, anchor: c.anchor, text };
    }
    return undefined;
  });
}

type Shape = { name: string; rings: Position[][] };

const shapes: Shape[] = (() => {
  const topo = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries);
  const out: Shape[] = [];
  for (const f of fc.features) {
    const g = f.geometry as Polygon | MultiPolygon | null;
    if (!g) continue;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const p of polys) out.push({ name: f.properties?.name ?? "", rings: p });
  }
  return out;
})();

function visible(rings: Position[][], b: Bounds): boolean {
  const outer = rings[0] ?? [];
  let minX = 180;
  let maxX = -180;
  let minY = 90;
  let maxY = -90;
  for (const [x = 0, y = 0] of outer) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const marginX = (b.lon1 - b.lon0) * 0.6;
  const marginY = (b.lat1 - b.lat0) * 0.6;
  return maxX >= b.lon0 - marginX && minX <= b.lon1 + marginX && maxY >= b.lat0 - marginY && minY <= b.lat1 + marginY;
}

export function WorldMap({
  markers,
  selected,
  onSelect,
}: {
  markers: readonly MapMarker[];
  selected?: string | undefined;
  onSelect?: (id: string | undefined) => void;
}) {
  const [, navigate] = useLocation();
  const bounds = useMemo(() => frame(markers), [markers]);
  const project = useMemo(() => projector(bounds), [bounds]);
  const land = useMemo(() => {
    const parts: string[] = [];
    for (const s of shapes) {
      if (!visible(s.rings, bounds)) continue;
      for (const ring of s.rings) {
        let d = "";
        let last = "";
        for (const [lon = 0, lat = 0] of ring) {
          const [x, y] = project(lon, lat);
          const pt = `${x.toFixed(1)},${y.toFixed(1)}`;
          if (pt === last) continue;
          d += `${d ? "L" : "M"}${pt}`;
          last = pt;
        }
        if (d) parts.push(`${d}Z`);
      }
    }
    return parts.join("");
  }, [bounds, project]);
  const labels = useMemo(
    () =>
      placeLabels(
        markers.map((m) => {
          const [x, y] = project(m.lon, m.lat);
          return { x, y, label: m.label };
        }),
      ),
    [markers, project],
  );

  return (
    <div className="map-wrap">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Map of ${markers.length} manufacturers`}>
        <path d={land} className="map-land" />
        {markers.map((m, i) => {
          const [x, y] = project(m.lon, m.lat);
          const label = labels[i];
          return (
            <a
              key={m.id}
              href={m.href}
              className={`map-marker ${selected === m.id ? "selected" : ""}`}
              aria-label={`${m.label}${m.detail ? `, ${m.detail}` : ""}`}
              onMouseEnter={() => onSelect?.(m.id)}
              onFocus={() => onSelect?.(m.id)}
              onClick={(e) => {
                e.preventDefault();
                navigate(m.href);
              }}
            >
              <circle className="halo" cx={x} cy={y} r={selected === m.id ? 16 : 12} />
              <circle className="core" cx={x} cy={y} r={6} />
              {label && (
                <text x={label.x} y={label.y} textAnchor={label.anchor}>
                  {label.text}
                </text>
              )}
              <title>{`${m.label}${m.detail ? ` — ${m.detail}` : ""}`}</title>
            </a>
          );
        })}
      </svg>
      <span className="map-note">Outlines: Natural Earth · drawn offline</span>
    </div>
  );
}
