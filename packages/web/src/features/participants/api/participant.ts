// One participant, its balances, and the orders it took part in (as customer and as manufacturer).
import { useQuery } from "@tanstack/react-query";
import { allPages, api } from "../../../lib/api.ts";

export function useParticipant(address: string) {
  return useQuery({
    queryKey: ["participant", address.toLowerCase()],
    queryFn: ({ signal }) => api.participant(address, signal),
  });
}

export function useParticipantOrders(address: string) {
  return useQuery({
    queryKey: ["orders", "of", address.toLowerCase()],
    queryFn: async ({ signal }) => {
      const [asCustomer, asMaker] = await Promise.all([
        allPages((cursor) => api.orders({ customer: address, limit: 200, cursor }, signal), 1000),
        allPages((cursor) => api.orders({ maker: address, limit: 200, cursor }, signal), 1000),
      ]);
      return { asCustomer, asMaker };
    },
  });
}
