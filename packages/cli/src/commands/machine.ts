import {
  declareDowntime,
  downtimeReasons,
  endDowntime,
  formatTokenAmount,
  formatUtc,
  getCalendar,
  getMachine,
  InvalidParameterError,
  listMachines,
  listReservations,
  registerMachine,
  toSlotInterval,
} from "@dipnet/sdk";
import { rateToken } from "../context.ts";
import { table, txLine } from "../output.ts";
import { parseAmount, parseDate, parseId } from "../parse.ts";
import { replanAfterDowntime, replanLines } from "./replan.ts";
import type { Register } from "./types.ts";

function parseEnvelope(value: string): { x: number; y: number; z: number } {
  const parts = value.split(/x/i).map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n <= 0))
    throw new InvalidParameterError("--envelope", `"${value}" is not XxYxZ in whole millimetres (e.g. 600x400x300)`);
  const [x, y, z] = parts as [number, number, number];
  return { x, y, z };
}

function parseLocation(value: string): { latitude: number; longitude: number } {
  const [latitude, longitude] = value.split(",").map(Number);
  if (latitude === undefined || longitude === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude))
    throw new InvalidParameterError("--location", `"${value}" is not LAT,LON in decimal degrees`);
  return { latitude, longitude };
}

export const registerMachineCommands: Register = (program, act) => {
  const m = program.command("machine").description("machines and their calendars on the capacity ledger");
  m.command("register")
    .description("register a machine you own (manufacturers)")
    .requiredOption("--process <id>", "process, e.g. cnc-milling")
    .requiredOption("--materials <ids>", "comma-separated materials, e.g. aluminium-6061,steel-s235")
    .requiredOption("--envelope <XxYxZ>", "work envelope in mm, e.g. 600x400x300")
    .requiredOption("--rate <amount>", "price of one machine hour in the payment token, e.g. 85")
    .option("--location <lat,lon>", "location in decimal degrees", "0,0")
    .option("--slot <seconds>", "calendar slot length (divides a day)", "3600")
    .action(
      act(async (ctx, o: Record<string, string>) => {
        const token = await rateToken(ctx);
        const slotSeconds = Number(o.slot);
        if (!Number.isInteger(slotSeconds) || slotSeconds <= 0)
          throw new InvalidParameterError("--slot", "must be a whole number of seconds");
        const r = await registerMachine(await ctx.signer(), {
          process: o.process as string,
          materials: (o.materials as string).split(",").map((s) => s.trim()),
          envelope: parseEnvelope(o.envelope as string),
          hourlyRate: parseAmount(o.rate as string, token.decimals, "--rate"),
          location: parseLocation(o.location as string),
          slotSeconds,
        });
        return {
          json: { machineId: r.machineId, hash: r.hash },
          human: [`machine ${r.machineId} registered`, txLine(r)],
        };
      }),
    );
  m.command("list")
    .description("list active machines")
    .option("--owner <account>", "only this manufacturer's")
    .option("--all", "include deactivated machines")
    .action(
      act(async (ctx, o: { owner?: string; all?: boolean }) => {
        const [machines, token] = await Promise.all([
          listMachines(await ctx.reader(), {
            owner: o.owner ? ctx.address(o.owner, "--owner") : undefined,
            includeInactive: o.all === true,
          }),
          rateToken(ctx),
        ]);
        return {
          json: machines,
          human: machines.length
            ? table(
                machines.map((x) => [
                  `#${x.machineId}`,
                  x.process,
                  x.materials.join(","),
                  `${x.envelope.x}x${x.envelope.y}x${x.envelope.z} mm`,
                  `${formatTokenAmount(x.hourlyRate, token)}/h`,
                  ctx.label(x.owner),
                  x.active ? "" : "deactivated",
                ]),
              )
            : "no machines",
        };
      }),
    );
  m.command("down")
    .description("declare a machine down for [from, to); blocks new reservations")
    .argument("<machineId>")
    .requiredOption("--from <time>", "start: date or +duration from chain time")
    .requiredOption("--to <time>", "end: date or +duration from chain time")
    .option("--reason <reason>", downtimeReasons.join("|").toLowerCase(), "maintenance")
    .option("--release <ids>", "comma-separated live reservation ids in the way, released in the same transaction")
    .option(
      "--replan",
      "release every live reservation in the way, then re-plan those orders (as plan replan --commit)",
    )
    .action(
      act(
        async (
          ctx,
          idText: string,
          o: { from: string; to: string; reason: string; release?: string; replan?: boolean },
        ) => {
          const machineId = parseId(idText, "machineId");
          const reason = downtimeReasons.find((r) => r.toLowerCase() === o.reason.toLowerCase());
          if (!reason) throw new InvalidParameterError("--reason", `must be one of ${downtimeReasons.join(", ")}`);
          const client = await ctx.signer();
          const now = await ctx.now();
          const { slotSeconds } = await getMachine(client, { machineId });
          const slots = toSlotInterval(
            Number(parseDate(o.from, now, "--from")),
            Number(parseDate(o.to, now, "--to")),
            slotSeconds,
          );
          const releaseIds = o.release ? o.release.split(",").map((s) => parseId(s, "--release")) : [];
          if (o.replan) {
            const live = await listReservations(client, { machineIds: [machineId], liveOnly: true });
            for (const x of live)
              if (x.fromSlot < slots.toSlot && slots.fromSlot < x.toSlot && !releaseIds.includes(x.reservationId))
                releaseIds.push(x.reservationId);
          }
          const r = await declareDowntime(client, { machineId, ...slots, reason, releaseIds });
          const replanned = o.replan ? await replanAfterDowntime(ctx, { machineId, commit: true }) : undefined;
          return {
            json: {
              downtimeId: r.downtimeId,
              ...slots,
              releasedReservationIds: r.releasedReservationIds,
              hash: r.hash,
              ...(replanned ? { replan: replanned } : {}),
            },
            human: [
              `downtime ${r.downtimeId}: machine ${machineId} down ${formatUtc(slots.fromSlot * slotSeconds)} – ${formatUtc(slots.toSlot * slotSeconds)}`,
              txLine(r),
              ...(replanned ? replanLines(ctx, replanned, formatUtc) : []),
            ],
          };
        },
      ),
    );
  m.command("up")
    .description("end a downtime now")
    .argument("<downtimeId>")
    .action(
      act(async (ctx, idText: string) => {
        const downtimeId = parseId(idText, "downtimeId");
        const r = await endDowntime(await ctx.signer(), { downtimeId });
        return { json: { downtimeId, hash: r.hash }, human: [`downtime ${downtimeId} ended`, txLine(r)] };
      }),
    );
  m.command("calendar")
    .description("reserved and down intervals of a machine")
    .argument("<machineId>")
    .option("--from <time>", "window start: date or +duration from chain time (default: now)")
    .option("--to <time>", "window end: date or +duration from chain time", "+30d")
    .action(
      act(async (ctx, idText: string, o: { from?: string; to: string }) => {
        const machineId = parseId(idText, "machineId");
        const now = await ctx.now();
        const cal = await getCalendar(await ctx.reader(), {
          machineId,
          from: Number(o.from ? parseDate(o.from, now, "--from") : now),
          to: Number(parseDate(o.to, now, "--to")),
        });
        const line = (kind: string) => (i: { start: number; end: number }) =>
          `  ${kind.padEnd(8)} ${formatUtc(i.start)} – ${formatUtc(i.end)}`;
        return {
          json: cal,
          human: [
            `machine ${machineId} (slots of ${cal.slotSeconds} s)`,
            ...cal.reserved.map(line("reserved")),
            ...cal.down.map(line("down")),
            ...(cal.reserved.length + cal.down.length === 0 ? ["  free"] : []),
          ],
        };
      }),
    );
};
