/** A half-open slot interval `[fromSlot, toSlot)` with its times `[start, end)` in unix seconds. */
export type SlotInterval = { fromSlot: number; toSlot: number; start: number; end: number };

/** The slots covering `[start, end)` seconds, rounded outwards to whole slots of `slotSeconds`. */
export function toSlotInterval(start: number, end: number, slotSeconds: number): { fromSlot: number; toSlot: number } {
  const fromSlot = Math.floor(start / slotSeconds);
  return { fromSlot, toSlot: Math.max(fromSlot + 1, Math.ceil(end / slotSeconds)) };
}

/** A slot interval with its start and end times. */
export function slotInterval(fromSlot: number, toSlot: number, slotSeconds: number): SlotInterval {
  return { fromSlot, toSlot, start: fromSlot * slotSeconds, end: toSlot * slotSeconds };
}
