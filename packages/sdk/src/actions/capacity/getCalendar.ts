import { capacityLedgerAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { getMachine } from "./getMachine.ts";
import { capacityLedgerAddress } from "./ledger.ts";
import { type SlotInterval, slotInterval } from "./slots.ts";

/** Parameters of `getCalendar`: the window `[from, to)` in unix seconds. */
export type GetCalendarParameters = { machineId: bigint; from: number; to: number };
/** Reserved and down intervals (merged runs of slots) of a machine within the window. */
export type GetCalendarReturnType = {
  machineId: bigint;
  slotSeconds: number;
  reserved: SlotInterval[];
  down: SlotInterval[];
};

const WORD_SLOTS = 128;

/**
 * Reads a machine's calendar words for a window in one call and decodes them: bit `i` of word `w`
 * marks slot `128w + i` reserved, bit `128 + i` down.
 */
export async function getCalendar(client: DipnetReadClient, p: GetCalendarParameters): Promise<GetCalendarReturnType> {
  const { slotSeconds } = await getMachine(client, { machineId: p.machineId });
  const fromSlot = Math.floor(p.from / slotSeconds);
  const toSlot = Math.max(fromSlot, Math.ceil(p.to / slotSeconds));
  const firstWord = Math.floor(fromSlot / WORD_SLOTS);
  const count = toSlot > fromSlot ? Math.floor((toSlot - 1) / WORD_SLOTS) - firstWord + 1 : 0;
  const words =
    count === 0
      ? []
      : await client.publicClient.readContract({
          address: capacityLedgerAddress(client),
          abi: capacityLedgerAbi,
          functionName: "calendar",
          args: [p.machineId, BigInt(firstWord), BigInt(count)],
        });
  const runs = (offset: bigint): SlotInterval[] => {
    const out: SlotInterval[] = [];
    let runStart: number | undefined;
    for (let slot = fromSlot; slot <= toSlot; slot++) {
      const word = words[Math.floor(slot / WORD_SLOTS) - firstWord] ?? 0n;
      const set = slot < toSlot && ((word >> (offset + BigInt(slot % WORD_SLOTS))) & 1n) === 1n;
      if (set && runStart === undefined) runStart = slot;
      if (!set && runStart !== undefined) {
        out.push(slotInterval(runStart, slot, slotSeconds));
        runStart = undefined;
      }
    }
    return out;
  };
  return { machineId: p.machineId, slotSeconds, reserved: runs(0n), down: runs(128n) };
}
