// @dipnet/sdk/mqtt — devices on MQTT: a publisher of a device's signed readings (JSON or Sparkplug B)
// and the Sparkplug B codec the node's gateway reads them with. An entry of its own, so that programs
// that publish nothing do not load the MQTT client and protobuf.
export { type CreateDevicePublisherParameters, createDevicePublisher, type DevicePublisher } from "./publisher.ts";
export {
  encodeSparkplugMessage,
  isSparkplugDataTopic,
  parseSparkplugMessage,
  parseSparkplugTopic,
  SEQ_METRIC,
  SIGNATURE_METRIC,
  SPARKPLUG_NAMESPACE,
  SPARKPLUG_TOPIC_FILTER,
  signSparkplugMessage,
  sparkplugTopic,
  UNIT_PROPERTY,
} from "./sparkplug.ts";
