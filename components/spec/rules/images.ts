/**
 * Container image references, which must be pinned: a version tag or a digest. An untagged image
 * pulls `:latest`, and `:latest` changes under a running service (reliability.md B6; kube-score
 * container-image-tag, CKV_K8S_14). Grammar: the distribution reference of the OCI/Docker
 * registries (github.com/distribution/reference, reference.go, read 2026-10).
 */
import { Problems } from "./problems";

/** Registry host: has a "." or ":" (port), or is "localhost"; otherwise the first part is a path. */
function isRegistryHost(part: string): boolean {
  return part.includes(".") || part.includes(":") || part === "localhost";
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export interface ImageReference {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits a reference; undefined when it is not one. */
export function parseImage(image: string): ImageReference | undefined {
  const [nameAndTag = "", digest, extra] = image.split("@");
  if (extra !== undefined || nameAndTag === "") return undefined;
  const slash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.lastIndexOf(":");
  // A ":" after the last "/" starts the tag; before it, it is a registry port (host:5000/img).
  const hasTag = colon > slash;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  const parts = name.split("/");
  const registry = parts.length > 1 && isRegistryHost(parts[0]!) ? parts.shift() : undefined;
  if (registry !== undefined && !HOST.test(registry)) return undefined;
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  return { registry, repository: parts.join("/"), tag, digest };
}

/** The repository path of a reference, without registry, tag or digest: where upper case is not allowed. */
function repositoryPart(image: string): string {
  const name = image.split("@")[0]!;
  const slash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  const parts = (colon > slash ? name.slice(0, colon) : name).split("/");
  if (parts.length > 1 && isRegistryHost(parts[0]!)) parts.shift();
  return parts.join("/");
}

/** Checks that an image reference is well formed and pinned. */
export function checkImage(image: string, path: string, out: Problems): boolean {
  const ref = parseImage(image);
  if (ref === undefined) {
    const hint = /[A-Z]/.test(repositoryPart(image))
      ? "; repository names are lower-case"
      : /\s/.test(image)
        ? "; remove the spaces"
        : "";
    out.error(
      path,
      `must be an image reference like "registry.example.com/team/app:1.2" or "app@sha256:<64 hex>", got ${JSON.stringify(image)}${hint}`,
    );
    return false;
  }
  if (ref.digest !== undefined) return true;
  if (ref.tag === undefined) {
    out.error(path, `must be pinned to a tag or digest, got ${JSON.stringify(image)} (no tag pulls ":latest"); add a version tag like ":1.2" or a digest "@sha256:..."`);
    return false;
  }
  if (ref.tag === "latest") {
    out.error(path, `must not use the tag "latest", which changes under a running workload, got ${JSON.stringify(image)}; use a version tag or a digest "@sha256:..."`);
    return false;
  }
  return true;
}
