// The rendered width of a label's text in the page's own font, for laying labels out in SVG.

let context: CanvasRenderingContext2D | null | undefined;

/** Width in pixels of `text` set at `size` px and `weight` in the page's font family. */
export function textWidth(text: string, size: number, weight: number): number {
  if (context === undefined)
    context = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  // Without a canvas, a generous average glyph width.
  if (!context) return Math.ceil(text.length * size * 0.62);
  context.font = `${weight} ${size}px ${getComputedStyle(document.body).fontFamily}`;
  return Math.ceil(context.measureText(text).width);
}
