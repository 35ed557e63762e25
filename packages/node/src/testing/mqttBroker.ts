// A plain MQTT broker (aedes) for the gateway's external-broker tests on a machine without Mosquitto.
// Forked by services.ts: sends `{ url }` once it listens, and exits when the parent goes.
import { createServer } from "node:net";
import { Aedes } from "aedes";

const broker = await Aedes.createBroker();
const server = createServer(broker.handle);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as { port: number };
process.once("disconnect", () => process.exit(0));
process.send?.({ url: `mqtt://127.0.0.1:${port}` });
