import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDeployment } from "../deployment.ts";
import { DeploymentError } from "../errors/base.ts";
import type { Deployment } from "../types.ts";

/** Reads and validates a deployments.json written by `writeDeployment`. */
export function readDeployment(file: string): Deployment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new DeploymentError(`no deployment at ${file}: deploy first (npm start, or dipnet deploy)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentError(`${file} is not valid JSON`, { cause });
  }
  return parseDeployment(data, file);
}

/** Writes deployments.json atomically (temp file + rename), creating its directory. */
export function writeDeployment(file: string, deployment: Deployment): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temp, file);
}
