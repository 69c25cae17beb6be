/** Training jobs: a workload with workers, an optional checkpoint volume, retries and a deadline. */
import type { ValidTrainingJob } from "../types";
import { DEFAULT_BACKOFF_LIMIT, DEFAULT_CHECKPOINT_MOUNT_PATH, DEFAULT_WORKERS } from "../defaults";
import { readField, readInteger, readMapping, readString } from "./fields";
import type { Placement } from "./gpu";
import { checkLabel, DNS_LABEL_MAX, JOB_NAME_HASH_LENGTH, maxJobNameLength } from "./names";
import { at, Problems } from "./problems";
import { readVolumeSize } from "./quantities";
import { readWorkload, WORKLOAD_FIELDS, WorkloadDraft } from "./workload";

export const TRAINING_JOB_FIELDS = [...WORKLOAD_FIELDS, "workers", "checkpoint", "backoffLimit", "activeDeadlineSeconds"] as const;
export const CHECKPOINT_FIELDS = ["size", "mountPath"] as const;

/** Most workers of one job: above any GPU training run in the field; catches a slipped digit. */
export const MAX_WORKERS = 1000;
/** Retries beyond this are a crash loop on the most expensive nodes there are. */
export const MAX_BACKOFF_LIMIT = 100;

/**
 * Mount points that would hide what the container needs: the root, and the kernel's and the
 * runtime's own trees (/dev holds the /dev/nvidia* GPU device nodes).
 */
const FORBIDDEN_MOUNTS = ["/", "/dev", "/proc", "/sys", "/etc", "/usr", "/bin", "/lib"];

export interface TrainingJobDraft extends WorkloadDraft {
  readonly kind: "trainingJob";
  readonly workers?: number;
  /** Absent when the job has none, or when it was wrong (an error says so). */
  readonly checkpoint?: ValidTrainingJob["checkpoint"];
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
}

export function checkTrainingJob(value: unknown, index: number, where: Placement, out: Problems): TrainingJobDraft | undefined {
  const path = `trainingJobs[${index}]`;
  const obj = readMapping(value, path, "a training job", TRAINING_JOB_FIELDS, out);
  if (obj === undefined) return undefined;
  const common = readWorkload(obj, path, where, out);
  const workers =
    readInteger(obj, "workers", path, out, { min: 1, max: MAX_WORKERS }) ?? (readField(obj, "workers") === undefined ? DEFAULT_WORKERS : undefined);
  const nameOk =
    common.name !== undefined &&
    checkLabel(common.name, at(path, "name"), {
      max: maxJobNameLength(workers ?? DEFAULT_WORKERS),
      startWithLetter: true,
      why: ` so the pod hostnames "<name>-<hash${JOB_NAME_HASH_LENGTH}>-<index>" stay within ${DNS_LABEL_MAX}`,
    }, out);
  const checkpoint = checkCheckpoint(readField(obj, "checkpoint"), at(path, "checkpoint"), out);
  const backoffLimit =
    readInteger(obj, "backoffLimit", path, out, { min: 0, max: MAX_BACKOFF_LIMIT }) ??
    (readField(obj, "backoffLimit") === undefined ? DEFAULT_BACKOFF_LIMIT : undefined);
  const activeDeadlineSeconds = readInteger(obj, "activeDeadlineSeconds", path, out, { min: 1 });
  if (common.command === undefined && readField(obj, "command") === undefined) {
    out.warn(path, "has no command: it runs the image's entrypoint; set command if the image has none");
  }
  if (workers !== undefined && workers > 1 && readField(obj, "checkpoint") === undefined) {
    out.warn(at(path, "checkpoint"), `is absent on a ${workers}-worker job: unless it saves state elsewhere, any retry starts training from the beginning`);
  }
  return { ...common, kind: "trainingJob", name: nameOk ? common.name : undefined, workers, checkpoint, backoffLimit, activeDeadlineSeconds };
}

/** `checkpoint: { size, mountPath }`: a volume that outlives the job's pods. */
export function checkCheckpoint(value: unknown, path: string, out: Problems): ValidTrainingJob["checkpoint"] | undefined {
  if (value === undefined || value === null) return undefined;
  const before = out.count;
  const c = readMapping(value, path, "a checkpoint volume", CHECKPOINT_FIELDS, out);
  if (c === undefined) return undefined;
  const size = readVolumeSize(c, "size", path, out, { required: 'the volume size, e.g. "200Gi"' });
  const mountPath = readString(c, "mountPath", path, out) ?? DEFAULT_CHECKPOINT_MOUNT_PATH;
  if (readField(c, "mountPath") !== undefined) checkMountPath(mountPath, at(path, "mountPath"), out);
  return out.count === before && size !== undefined ? { size, mountPath } : undefined;
}

export function checkMountPath(mountPath: string, path: string, out: Problems): boolean {
  const parts = mountPath.split("/");
  if (!mountPath.startsWith("/") || parts.includes("..") || parts.includes(".") || /[\s:]/.test(mountPath)) {
    out.error(path, `must be an absolute path without ".", "..", ":" or spaces, got ${JSON.stringify(mountPath)}; e.g. "${DEFAULT_CHECKPOINT_MOUNT_PATH}"`);
    return false;
  }
  const normal = mountPath.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  const hidden = FORBIDDEN_MOUNTS.find((m) => normal === m || (m !== "/" && normal.startsWith(`${m}/`)));
  if (hidden !== undefined) {
    out.error(path, `must not be ${hidden === "/" ? "the root" : `${hidden} or under it`}: the volume would hide files the container needs, got ${JSON.stringify(mountPath)}; use e.g. "${DEFAULT_CHECKPOINT_MOUNT_PATH}"`);
    return false;
  }
  return true;
}
