// DIPNET's standard NDA: the confidentiality terms an RFQ's customer can require without drafting
// its own. Its text is fixed per version, so its sha256 identifies it on chain, and every client can
// show a bidder the exact words it accepts.
import type { Hex } from "viem";
import { contentHashOf } from "./registry.ts";

/** The standard NDA, version 1: its title and text (plain text, LF line ends). */
export const standardNda = {
  title: "DIPNET standard NDA, version 1",
  text: `DIPNET standard non-disclosure agreement, version 1

1. Parties. The customer of the order named on chain ("Discloser") and the account accepting this
   agreement on chain ("Recipient").
2. Confidential information. Every file, drawing, model, specification and key the Discloser
   grants the Recipient through DIPNET for the order, and what can be derived from them.
3. Use. The Recipient uses the confidential information only to quote, plan, produce, inspect and
   deliver the order, and for no other product or customer.
4. Disclosure. The Recipient discloses it only to its staff and to sub-tiers who need it for the
   order and who accepted this agreement or one at least as protective, and is liable for them.
5. Care. The Recipient protects it at least as carefully as its own confidential information, and
   never less than reasonably.
6. Exceptions. Information that is public through no fault of the Recipient, that it held lawfully
   before, or that it developed independently, or whose disclosure the law or a court compels
   (after notice to the Discloser where allowed).
7. Return. When the order ends, or on the Discloser's request, the Recipient deletes the
   confidential information, keeping only what the law or the order's evidence requires.
8. No licence. Nothing here grants a right to the Discloser's designs beyond the order; licences
   to build a registered design are granted on chain separately.
9. Term. Five years from acceptance; for trade secrets, as long as they remain secret.
10. Evidence. The acceptance recorded on chain, with this text's sha256, is the Recipient's signature.
`,
} as const;

/** sha256 of the standard NDA's text: the `ndaHash` of a package that requires it. */
export const standardNdaHash: Hex = contentHashOf(standardNda.text);
