import { Cloud, DaemonRequest } from "./types";

// TODO(catalog): seed only.
export const DAEMONS: readonly DaemonRequest[] = Object.freeze([
  { name: "nvidia-device-plugin", gpuNodesOnly: true, cpuMillis: 50, memoryMiB: 64 },
  { name: "dcgm-exporter", gpuNodesOnly: true, cpuMillis: 100, memoryMiB: 512 },
  { name: "node-exporter", gpuNodesOnly: false, cpuMillis: 50, memoryMiB: 64 },
]);

/** The daemons that run on a node of this cloud (a GPU node, or any node). */
export function daemonsFor(cloud: Cloud, gpuNode: boolean): readonly DaemonRequest[] {
  return DAEMONS.filter((d) => (gpuNode || !d.gpuNodesOnly) && (d.clouds === undefined || d.clouds.includes(cloud)));
}

/** One daemon's requests by name; throws for a name the table lacks (a bug, not bad input). */
export function daemonRequest(name: string): DaemonRequest {
  const found = DAEMONS.find((d) => d.name === name);
  if (!found) throw new Error(`no daemon named "${name}" in the catalogue's daemon table`);
  return found;
}
