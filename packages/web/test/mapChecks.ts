// What the browser tests check on /network's map, measured in the page as drawn: every marker has
// an accessible name and a whole (untruncated) label inside the map, no label touches another
// label or another marker, and no outline is drawn across the map (the antimeridian artefacts).
import type { Page } from "playwright-core";

/**
 * The map's problems (none: []) and its labels' texts, once the map has been laid out at the
 * page's current width.
 */
export async function mapProblems(page: Page): Promise<{ problems: string[]; labels: string[] }> {
  // After a resize the map is redrawn at its container's new width.
  await page.waitForFunction(() => {
    const svg = document.querySelector("[data-testid=network-map]");
    return svg?.parentElement && Number(svg.getAttribute("width")) === Math.floor(svg.parentElement.clientWidth);
  });
  return page.evaluate(() => {
    const problems: string[] = [];
    const labels: string[] = [];
    const svg = document.querySelector("[data-testid=network-map]");
    if (!svg) return { problems: ["no map"], labels };
    const map = svg.getBoundingClientRect();
    const apart = (a: DOMRect, b: DOMRect) =>
      a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    const inside = (a: DOMRect, b: DOMRect) =>
      a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    const markers = [...svg.querySelectorAll("[data-testid=map-marker]")];
    const dots = markers.map((m) => m.querySelector(".map-dot")?.getBoundingClientRect());
    const boxes: { name: string; box: DOMRect }[] = [];
    markers.forEach((marker, i) => {
      const name = marker.getAttribute("aria-label") ?? "";
      if (!name) problems.push(`marker ${i} has no accessible name`);
      const pill = marker.querySelector(".map-pill");
      const text = marker.querySelector(".map-pill-text");
      if (!pill || !text) {
        problems.push(`${name}: no label`);
        return;
      }
      const label = text.textContent ?? "";
      labels.push(label);
      const box = pill.getBoundingClientRect();
      if (!label || label.includes("…") || !name.startsWith(label)) problems.push(`"${label}" does not name ${name}`);
      if (!inside(text.getBoundingClientRect(), box)) problems.push(`"${label}" runs out of its label`);
      if (!inside(box, map)) problems.push(`"${label}" is not inside the map`);
      for (const other of boxes) if (!apart(box, other.box)) problems.push(`"${label}" overlaps "${other.name}"`);
      dots.forEach((dot, j) => {
        if (dot && j !== i && !apart(box, dot)) problems.push(`"${label}" covers another marker`);
      });
      boxes.push({ name: label, box });
    });
    // An outline step wider than half the map is a line drawn across it (a ring jumping ±180°).
    const d = svg.querySelector("[data-testid=map-land]")?.getAttribute("d") ?? "";
    if (!d) problems.push("no outlines");
    for (const outline of d.split("M").filter(Boolean)) {
      const xs = outline
        .replace("Z", "")
        .split("L")
        .map((p) => Number(p.split(",")[0]));
      for (let k = 1; k < xs.length; k++) {
        const step = Math.abs((xs[k] ?? 0) - (xs[k - 1] ?? 0));
        if (step > map.width / 2) problems.push(`an outline steps ${step} px across the map`);
      }
    }
    return { problems, labels };
  });
}
