/** What services and training jobs have in common: name, namespace, image, command, resources, environment. */
import { DEFAULT_CPU_REQUEST, DEFAULT_MEMORY_REQUEST, DEFAULT_SECURITY, DEFAULT_SPOT } from "../defaults";
import { parseCpu, parseMemory } from "../quantity";
import type { CpuQuantity, MemoryQuantity, SecurityProfile, ValidAccess, ValidGpuRequest } from "../types";
import { checkEnvironment, Environment } from "./env";
import { Mapping, readBoolean, readEnum, readField, readString, readStringList } from "./fields";
import { checkGpuRequest, Placement } from "./gpu";
import { checkImage } from "./images";
import { checkLabel, DNS_LABEL_MAX } from "./names";
import { at, Problems } from "./problems";
import { readCpu, readMemory } from "./quantities";
import { checkAccess } from "./storage";

export const WORKLOAD_FIELDS = ["name", "namespace", "image", "command", "args", "gpu", "cpu", "memory", "env", "secretEnv", "security", "spot", "access"] as const;
export const SECURITY_PROFILES: readonly SecurityProfile[] = ["baseline", "restricted"];

/**
 * Smallest memory a container can be given: runc refuses memory limits below 6 MiB ("Minimum
 * memory limit allowed is 6MB", docs.docker.com/engine/containers/resource_constraints/, read
 * 2026-10). A bare number is bytes, so `memory: 512` meant for MiB lands here.
 */
const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

/** The common fields as read; each is absent when it was missing or wrong (an error says which). */
export interface WorkloadDraft {
  readonly path: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** The spec has a `gpu` field (sound or not): it is a GPU workload. */
  readonly hasGpu: boolean;
  readonly gpu?: ValidGpuRequest;
  readonly cpu?: CpuQuantity;
  readonly memory?: MemoryQuantity;
  readonly environment?: Environment;
  readonly security?: SecurityProfile;
  readonly spot?: boolean;
  /** Absent when the workload declares no access, or when it was wrong (an error says so). */
  readonly access?: ValidAccess;
}

/** Reads the common fields; the name's own rules (length budget) are the caller's. */
export function readWorkload(obj: Mapping, path: string, where: Placement, out: Problems): WorkloadDraft {
  const name = readString(obj, "name", path, out, { required: "a DNS label naming the workload, unique in its namespace" });
  const namespace = readString(obj, "namespace", path, out, { required: "one of the namespaces declared under namespaces" });
  const namespaceOk = namespace !== undefined && checkLabel(namespace, at(path, "namespace"), { max: DNS_LABEL_MAX }, out);
  const image = readString(obj, "image", path, out, { required: 'a container image pinned to a tag or digest, e.g. "ghcr.io/acme/app:1.2"' });
  const imageOk = image !== undefined && checkImage(image, at(path, "image"), out);
  const command = readStringList(obj, "command", path, out, { nonEmpty: "remove command to use the image's entrypoint, or give the program to run" });
  const args = readStringList(obj, "args", path, out);
  const gpuValue = readField(obj, "gpu");
  const hasGpu = gpuValue !== undefined;
  const gpu = hasGpu ? checkGpuRequest(gpuValue, at(path, "gpu"), where, out) : undefined;
  const resources = readResources(obj, path, hasGpu, out);
  const environment = checkEnvironment(readField(obj, "env"), readField(obj, "secretEnv"), path, hasGpu, out);
  const security = readEnum(obj, "security", path, out, SECURITY_PROFILES) ?? (readField(obj, "security") === undefined ? DEFAULT_SECURITY : undefined);
  const spot = readBoolean(obj, "spot", path, out) ?? (readField(obj, "spot") === undefined ? DEFAULT_SPOT : undefined);
  const access = checkAccess(readField(obj, "access"), at(path, "access"), where, out);
  return {
    path,
    name,
    namespace: namespaceOk ? namespace : undefined,
    image: imageOk ? image : undefined,
    command,
    args,
    hasGpu,
    gpu,
    ...resources,
    environment,
    security,
    spot,
    access,
  };
}

/** CPU and memory: required for GPU workloads (the planner sizes nodes from them), defaulted otherwise. */
function readResources(obj: Mapping, path: string, hasGpu: boolean, out: Problems): { cpu?: CpuQuantity; memory?: MemoryQuantity } {
  const cpu = readCpu(obj, "cpu", path, out, {
    required: hasGpu ? 'CPU cores per pod, e.g. 4 or "3500m"; GPU workloads state it because the planner sizes GPU nodes from it' : undefined,
  });
  let memory = readMemory(obj, "memory", path, out, {
    required: hasGpu ? 'memory per pod, e.g. "32Gi"; GPU workloads state it because the planner sizes GPU nodes from it' : undefined,
  });
  if (memory !== undefined && memory.bytes < MIN_MEMORY_BYTES) {
    const raw = readField(obj, "memory");
    const hint = typeof raw === "number" || (typeof raw === "string" && /^\d+$/.test(raw)) ? `; a bare number is bytes: did you mean "${String(raw)}Mi"?` : "";
    out.error(at(path, "memory"), `is ${memory.bytes} bytes, below the 6Mi a container needs to start${hint}`);
    memory = undefined;
  }
  const cpuGiven = readField(obj, "cpu") !== undefined;
  const memoryGiven = readField(obj, "memory") !== undefined;
  if (!hasGpu && (!cpuGiven || !memoryGiven)) {
    const missing = [!cpuGiven ? `cpu ${DEFAULT_CPU_REQUEST}` : undefined, !memoryGiven ? `memory ${DEFAULT_MEMORY_REQUEST}` : undefined].filter((s) => s !== undefined);
    out.warn(path, `gives no ${!cpuGiven && !memoryGiven ? "cpu or memory" : !cpuGiven ? "cpu" : "memory"}: using ${missing.join(" and ")}; state what the workload needs`);
  }
  return {
    cpu: cpuGiven || hasGpu ? cpu : defaultQuantity(parseCpu(DEFAULT_CPU_REQUEST)),
    memory: memoryGiven || hasGpu ? memory : defaultQuantity(parseMemory(DEFAULT_MEMORY_REQUEST)),
  };
}

function defaultQuantity<T>(parsed: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }): T {
  if (!parsed.ok) throw new Error(`a default quantity in spec/defaults.ts does not parse: ${parsed.message}`);
  return parsed.value;
}
