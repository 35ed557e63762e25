// An offline map: Natural Earth country outlines (world-atlas, shipped with the app) in Web
// Mercator, drawn as SVG at the container's real size and framed around the markers. No tiles, no
// network. The layout (view, outlines, labels) is in ../mapLayout.ts.
import type { MultiPolygon, Polygon } from "geojson";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlas from "world-atlas/countries-50m.json";
import { useLocation } from "wouter";
import { placeLabels, spotsAround } from "../../../components/labels.ts";
import { textWidth } from "../../../components/textWidth.ts";
import { frameView, type LandRing, landPath, shortName, unwrapRing } from "../mapLayout.ts";

export type MapMarker = {
  id: string;
  lat: number;
  lon: number;
  name: string;
  /** City and country, for the marker's accessible name. */
  place: string | undefined;
  /** Orders in production: the size of the ring round the marker. */
  load: number;
  href: string;
};

const land: LandRing[] = (() => {
  const topo = atlas as unknown as Topology<{ countries: GeometryCollection }>;
  const rings: LandRing[] = [];
  for (const f of feature(topo, topo.objects.countries).features) {
    const g = f.geometry as Polygon | MultiPolygon | null;
    if (!g) continue;
    for (const polygon of g.type === "Polygon" ? [g.coordinates] : g.coordinates) {
      for (const ring of polygon) rings.push(unwrapRing(ring));
    }
  }
  return rings;
})();

// Label metrics; the type matches `.map-pill-text` in styles.css.
const LABEL_SIZE = 13;
const LABEL_WEIGHT = 600;
const LABEL_PAD = 7;
const LABEL_H = 22;
const DOT_R = 5.5;
const loadRadius = (load: number) => (load > 0 ? Math.min(18, DOT_R + 2 + 2.5 * Math.sqrt(load)) : 0);

/** The map is as wide as its container and about half as tall. */
const heightFor = (width: number) => Math.round(Math.min(520, Math.max(300, width * 0.5)));

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
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const height = heightFor(width);
  // The view and outlines change with the places and the size only, not with every live update of the loads.
  const placesKey = markers.map((m) => `${m.lon},${m.lat}`).join(" ");
  const view = useMemo(() => {
    const places = placesKey ? placesKey.split(" ").map((p) => p.split(",").map(Number)) : [];
    return frameView(
      places.map(([lon = 0, lat = 0]) => ({ lon, lat })),
      width,
      height,
    );
  }, [placesKey, width, height]);
  const outlines = useMemo(() => (width > 0 ? landPath(land, view) : ""), [view, width]);
  const layout = useMemo(() => {
    const items = markers.map((m) => {
      const [x, y] = view.project(m.lon, m.lat);
      const label = shortName(m.name);
      return { mark: { x, y, r: Math.max(DOT_R, loadRadius(m.load)), dot: DOT_R }, label };
    });
    const labels = placeLabels(
      items.map(({ mark, label }) => ({
        mark,
        spots: spotsAround(mark, textWidth(label, LABEL_SIZE, LABEL_WEIGHT) + 2 * LABEL_PAD, LABEL_H),
      })),
      { left: 2, top: 2, right: width - 2, bottom: height - 2 },
    );
    return items.map((item, i) => ({ ...item, placed: labels[i] }));
  }, [markers, view, width, height]);

  return (
    <div>
      <div className="map-wrap" ref={wrap} style={{ height }}>
        {width > 0 && (
          // biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; "group" (not "img") keeps its markers' links reachable
          <svg
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            role="group"
            aria-label={`Map of ${markers.length} manufacturers`}
            data-testid="network-map"
          >
            <path d={outlines} className="map-land" data-testid="map-land" />
            {markers.map((m, i) => {
              const item = layout[i];
              if (!item) return null;
              const { x, y } = item.mark;
              const { placed } = item;
              const name = `${m.name}${m.place ? `, ${m.place}` : ""}: ${m.load} in production`;
              return (
                <a
                  key={m.id}
                  href={m.href}
                  className={`map-marker${selected === m.id ? " selected" : ""}`}
                  aria-label={name}
                  data-testid="map-marker"
                  onMouseEnter={() => onSelect?.(m.id)}
                  onMouseLeave={() => onSelect?.(undefined)}
                  onFocus={() => onSelect?.(m.id)}
                  onBlur={() => onSelect?.(undefined)}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(m.href);
                  }}
                >
                  <title>{name}</title>
                  {placed?.leader && (
                    <line
                      className="map-leader"
                      x1={placed.leader.x1}
                      y1={placed.leader.y1}
                      x2={placed.leader.x2}
                      y2={placed.leader.y2}
                    />
                  )}
                  {m.load > 0 && <circle className="map-load" cx={x} cy={y} r={loadRadius(m.load)} />}
                  <circle className="map-dot" cx={x} cy={y} r={DOT_R} />
                  {placed && (
                    <g>
                      <rect
                        className="map-pill"
                        x={placed.box.left}
                        y={placed.box.top}
                        width={placed.box.right - placed.box.left}
                        height={placed.box.bottom - placed.box.top}
                        rx={4}
                      />
                      <text
                        className="map-pill-text"
                        x={placed.box.left + LABEL_PAD}
                        y={(placed.box.top + placed.box.bottom) / 2}
                        dominantBaseline="central"
                      >
                        {item.label}
                      </text>
                    </g>
                  )}
                </a>
              );
            })}
          </svg>
        )}
      </div>
      <div className="map-foot">
        <span className="map-key">
          <svg width={24} height={24} viewBox="0 0 24 24" aria-hidden="true">
            <circle className="map-load" cx={12} cy={12} r={loadRadius(1)} />
            <circle className="map-dot" cx={12} cy={12} r={DOT_R} />
          </svg>
          Ring: orders in production
        </span>
        <span>Outlines: Natural Earth · drawn offline</span>
      </div>
    </div>
  );
}
