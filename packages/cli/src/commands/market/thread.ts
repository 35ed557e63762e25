// `dipnet order thread` and `dipnet order say`: an order's private thread through a node, encrypted
// end to end. This process signs in to the node (Sign-In with Ethereum), seals each message to the
// readers' keys as registered on chain and opens what it reads; the node sees ciphertext only.
import {
  AccountError,
  formatUtc,
  InvalidParameterError,
  postThreadMessage,
  readThread,
  signInToNode,
  threadRecipients,
} from "@dipnet/sdk";
import type { Command } from "commander";
import type { Account, Address } from "viem";
import type { Context } from "../../context.ts";
import { table } from "../../output.ts";
import type { Act } from "../types.ts";
import { nodeUrl, ownKeyPairs } from "../vault.ts";
import { orderCommand } from "./terms.ts";

/** The node to talk to, signed in as the chosen account. */
async function session(
  ctx: Context,
  option: string | undefined,
): Promise<{ url: string; account: Account; cookie: string }> {
  const url = nodeUrl(ctx, option);
  const account = await ctx.signerAccount();
  const { cookie } = await signInToNode({ nodeUrl: url, account, chainId: ctx.deployment().chainId });
  return { url, account, cookie };
}

/** Registers `thread` and `say` on the `order` command group. */
export function registerThread(order: Command, act: Act): void {
  orderCommand(order, "thread")
    .description("reads the order's private thread (customer, maker, dispute arbiter), decrypted here")
    .option("--node <url>", "the node's API (default: DIPNET_API_URL or http://127.0.0.1:8080)")
    .action(
      act(async (ctx, orderId: bigint, o: { node?: string }) => {
        const { url, account, cookie } = await session(ctx, o.node);
        const keys = await ownKeyPairs(ctx, account);
        const { messages } = await readThread({ nodeUrl: url, orderId, keys, headers: { cookie } });
        return {
          json: messages,
          human:
            messages.length === 0
              ? `order ${orderId}'s thread has no messages`
              : table(
                  messages.map((m) => [
                    formatUtc(BigInt(Math.floor(m.createdAt / 1000))),
                    `${ctx.label(m.author)} (${m.role})`,
                    m.text ?? `[cannot be read: ${m.unreadable}]`,
                  ]),
                ),
        };
      }),
    );

  orderCommand(order, "say")
    .description("writes to the order's private thread, encrypted to its readers' registered keys")
    .argument("<text>", "the message, 1 to 4000 characters")
    .option("--node <url>", "the node's API (default: DIPNET_API_URL or http://127.0.0.1:8080)")
    .action(
      act(async (ctx, orderId: bigint, text: string, o: { node?: string }) => {
        const { url, account, cookie } = await session(ctx, o.node);
        // The readers come from the node (who may read now); their keys from the chain.
        const { readers } = await readThread({ nodeUrl: url, orderId, keys: [], headers: { cookie } });
        const accounts = [...new Set([...readers.map((r) => r.account.toLowerCase()), account.address.toLowerCase()])];
        const { recipients, missing } = await threadRecipients(await ctx.reader(), { accounts: accounts as Address[] });
        if (missing.some((m) => m.toLowerCase() === account.address.toLowerCase()))
          throw new AccountError(
            `${ctx.label(account.address)} has no encryption key registered: run dipnet key setup`,
          );
        const required = readers.filter(
          (r) => r.required && missing.some((m) => m.toLowerCase() === r.account.toLowerCase()),
        );
        if (required.length > 0)
          throw new InvalidParameterError(
            "orderId",
            `${required.map((r) => `the ${r.role} ${ctx.label(r.account)}`).join(" and ")} has no encryption key registered: nothing can be sealed to them until they run dipnet key setup`,
          );
        const posted = await postThreadMessage({
          nodeUrl: url,
          orderId,
          author: account.address,
          text,
          recipients,
          headers: { cookie },
        });
        return {
          json: {
            id: posted.id,
            orderId,
            role: posted.role,
            recipients: posted.recipients,
            createdAt: posted.createdAt,
          },
          human: `sent to order ${orderId}'s thread, sealed to ${recipients.map((r) => `${ctx.label(r.account)} (key v${r.keyVersion})`).join(", ")}`,
        };
      }),
    );
}
