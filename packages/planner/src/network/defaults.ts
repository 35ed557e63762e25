// How DIPNET plans its network (the node's proposal, `dipnet plan network`, downtime re-plans):
// the objective's weights and the road transport model between factories.

/** Planner weights of network plans: an hour late costs as much as 1,000 units of machine time. */
export const networkPlanWeights = { tardiness: 1000, cost: 1, makespan: 1 };

/** Loading and unloading at each move between factories, in hours. */
export const LOADING_H = 2;
/** Road speed between factories, in km/h. */
const TRANSPORT_KMH = 60;

/**
 * Hours to move parts between two sites (decimal degrees): loading plus the great-circle distance
 * at road speed.
 */
export function roadTransportHours(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return LOADING_H + (2 * 6371 * Math.asin(Math.sqrt(h))) / TRANSPORT_KMH;
}
