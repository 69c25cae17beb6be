/**
 * How long a new pod of a service can really take to become ready, and the Pulumi timeouts and
 * Deployment progress deadline sized from it (plain numbers, no resources). Every figure is a
 * named constant in defaults.ts with its source.
 *
 * What one new pod can wait for, in order:
 * - a node: worker pools, GPU and CPU alike, are planned with no spare room and may scale from
 *   zero, so a pod that does not take over the room of the pod it replaces (a new service, one
 *   woken from zero, one that grew or moved pool) waits for the autoscaler to add a node;
 * - the image pull, longer for CUDA images than for images without a GPU;
 * - the model load, up to `health.startupSeconds` (the startup probe's whole budget).
 * A rolling update adds, for each wave, the grace period of the old pod, whose GPU and memory the
 * new one waits for.
 */
import type { ValidService } from "../spec/types";
import {
  CPU_IMAGE_PULL_SECONDS,
  IMAGE_PULL_SECONDS,
  MAX_DEPLOYMENT_WAIT_SECONDS,
  NODE_PROVISION_SECONDS,
  ROLLOUT_MAX_UNAVAILABLE,
} from "./defaults";
import { SERVICE_GRACE_SECONDS } from "./scheduling";

/** The parts of a service that decide how long its pods take to start. */
export type StartingService = Pick<ValidService, "gpu" | "health">;

/** Seconds a new pod can wait for a node of its pool: the autoscaler's provisioning limit. */
export function nodeWaitSeconds(_s: StartingService): number {
  return NODE_PROVISION_SECONDS;
}

/** Seconds the service's image can take to pull onto a node. */
export function imagePullSeconds(s: StartingService): number {
  return s.gpu !== undefined ? IMAGE_PULL_SECONDS : CPU_IMAGE_PULL_SECONDS;
}

/** One pod from nothing: its node, its image, its model. The HTTP interceptor holds a cold request this long. */
export function podReadySeconds(s: StartingService): number {
  return nodeWaitSeconds(s) + imagePullSeconds(s) + s.health.startupSeconds;
}

/**
 * The Deployment's progress deadline: the slowest single wave, a pod from nothing after the old
 * one's grace period. Kubernetes' default of 600 s would mark a healthy GPU rollout failed.
 */
export function progressDeadlineSeconds(s: StartingService): number {
  return SERVICE_GRACE_SECONDS + podReadySeconds(s);
}

/** Waves of a rolling update at the most replicas the scaler may run, ROLLOUT_MAX_UNAVAILABLE at a time. */
export function rolloutWaves(s: Pick<ValidService, "replicas">): number {
  return Math.ceil(Math.max(1, s.replicas.max) / ROLLOUT_MAX_UNAVAILABLE);
}

/**
 * Pulumi's wait for a service's Deployment, at most MAX_DEPLOYMENT_WAIT_SECONDS each.
 * Create: every replica starts at once, so one pod from nothing. Update: a node at most once
 * (the waves after it reuse what the replaced pods free), then each wave drains an old pod,
 * pulls the image and loads the model. Examples: a CPU service with startupSeconds 60 and 3
 * replicas: create 21 min, update 900 + 3 x (135 + 300 + 60) s = 40 min; an L4 service with the
 * defaults and 4 replicas: create 35 min, update 900 + 4 x (135 + 600 + 600) s = 104 min.
 */
export function serviceTimeouts(s: StartingService & Pick<ValidService, "replicas">): { create: string; update: string } {
  const create = podReadySeconds(s);
  const wave = SERVICE_GRACE_SECONDS + imagePullSeconds(s) + s.health.startupSeconds;
  const update = nodeWaitSeconds(s) + rolloutWaves(s) * wave;
  return { create: minutes(Math.min(create, MAX_DEPLOYMENT_WAIT_SECONDS)), update: minutes(Math.min(update, MAX_DEPLOYMENT_WAIT_SECONDS)) };
}

function minutes(seconds: number): string {
  return `${Math.ceil(seconds / 60)}m`;
}
