// @dipnet/node/edge — edge gateways that feed the node's IoT gateway: a signing device publisher
// and the OPC UA adapter. A separate entry point so that loading the node does not load OPC UA.
export {
  type CreateOpcUaAdapterParameters,
  checkOpcUaSettings,
  createOpcUaAdapter,
  type OpcUaAdapter,
  OpcUaAdapterConfigError,
  type OpcUaAdapterStats,
  type OpcUaVariable,
  readingValue,
} from "./opcua.ts";
export { type CreateDevicePublisherParameters, createDevicePublisher, type DevicePublisher } from "./publisher.ts";
