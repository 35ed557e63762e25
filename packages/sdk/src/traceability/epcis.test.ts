import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  aggregationEvent,
  commissioningEvent,
  custodyEvent,
  type EpcisEvent,
  transformationEvent,
  validateEpcisEvent,
} from "./epcis.ts";

const part = "urn:epc:id:sgtin:4012345.011111.1001";
const sibling = "urn:epc:id:sgtin:4012345.011111.1002";
const shipment = "urn:epc:id:sscc:4012345.0000000042";

describe("EPCIS events", () => {
  it("validate against the EPCIS 2.0 JSON schema, and invalid ones are refused with the reason", () => {
    const at = Date.UTC(2026, 10, 28, 9);
    const events = [
      commissioningEvent({ at, parts: [part], readPoint: "urn:dipnet:machine:31337:1" }),
      transformationEvent({
        at,
        inputs: [{ epcClass: "urn:epc:class:lgtin:4012345.099999.HEAT42", quantity: 12.5, uom: "KGM" }],
        outputs: [part],
      }),
      aggregationEvent({ at, parent: shipment, children: [part, sibling] }),
      custodyEvent({ at, items: [shipment], from: "did:ethr:0x7a69:0x1", to: "did:ethr:0x7a69:0x2", step: "shipping" }),
    ];
    for (const e of events) assert.deepEqual(validateEpcisEvent(e), [], e.type);
    assert.match(validateEpcisEvent({ ...events[0], action: "MAKE" }).join(), /action/);
    assert.match(validateEpcisEvent({ ...events[0], eventTime: "yesterday" }).join(), /eventTime/);
    const { "@context": _, ...noContext } = events[0] as EpcisEvent;
    assert.match(validateEpcisEvent(noContext).join(), /@context/);
    assert.match(validateEpcisEvent({ ...events[2], childEPCs: ["not a uri"] }).join(), /childEPCs/);
  });
});
