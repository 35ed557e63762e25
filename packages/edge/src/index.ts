// @dipnet/edge — the OPC UA edge gateway: subscribes to a machine's OPC UA variables and publishes
// them as signed readings through a device publisher (`createDevicePublisher` of @dipnet/sdk/mqtt)
// to a node's IoT gateway. Its own package, so that the node does not carry node-opcua.
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
