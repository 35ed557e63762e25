import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { rejectReasons } from "./ingest.ts";
import { deviceNamespacesMigration, iotMigration } from "./migration.ts";
import { registerIotRoutes } from "./routes.ts";

/** Signed device messages over MQTT: devices, readings, the gateway's counters. */
export const iotModule: NodeModule<NodeServices> = {
  name: "iot",
  migrations: { "0002_iot": iotMigration, "0011_device_namespaces": deviceNamespacesMigration },
  routes: (app, s) => registerIotRoutes(app, s.db),
  metrics: (s) => {
    const g = s.gateway?.stats();
    return [
      "# HELP dipnet_iot_gateway_up 1 while the IoT gateway runs (DIPNET_MQTT not off).",
      "# TYPE dipnet_iot_gateway_up gauge",
      `dipnet_iot_gateway_up ${g ? 1 : 0}`,
      "# HELP dipnet_iot_messages_accepted_total Signed device messages verified and stored.",
      "# TYPE dipnet_iot_messages_accepted_total counter",
      `dipnet_iot_messages_accepted_total ${g?.acceptedMessages ?? 0}`,
      "# HELP dipnet_iot_readings_accepted_total Readings in the accepted messages.",
      "# TYPE dipnet_iot_readings_accepted_total counter",
      `dipnet_iot_readings_accepted_total ${g?.acceptedReadings ?? 0}`,
      "# HELP dipnet_iot_messages_rejected_total Device messages rejected (never stored), by reason.",
      "# TYPE dipnet_iot_messages_rejected_total counter",
      ...rejectReasons.map((r) => `dipnet_iot_messages_rejected_total{reason="${r}"} ${g?.rejected[r] ?? 0}`),
      "# HELP dipnet_iot_store_failures_total Device messages not acknowledged because storing failed (redelivered).",
      "# TYPE dipnet_iot_store_failures_total counter",
      `dipnet_iot_store_failures_total ${g?.storeFailures ?? 0}`,
      "# HELP dipnet_iot_mqtt_errors_total MQTT connections dropped for protocol errors.",
      "# TYPE dipnet_iot_mqtt_errors_total counter",
      `dipnet_iot_mqtt_errors_total ${g?.mqttErrors ?? 0}`,
    ];
  },
};
