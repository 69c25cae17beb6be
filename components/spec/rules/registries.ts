/**
 * `registries`: the private registries the platform's images come from, in the spec's cloud, each
 * parsed into the image prefix its images start with and the parts a pull grant names. And the
 * warning for an image from a private registry that the list leaves out.
 */
import type { Cloud } from "../../catalog/types";
import type { ValidRegistry } from "../types";
import { ARM_PREFIX_PLACEHOLDER, armScopeProblem, AWS_REGION, awsPartition, GCP_LOCATION, GCP_PROJECT, GCP_PROJECT_RULE } from "./cloud-names";
import { Mapping, readStringList } from "./fields";
import { parseImage } from "./images";
import { at, Problems, withArticle } from "./problems";

/** How a registry is written on each cloud, for messages. */
export const REGISTRY_FORMS: {
  readonly [c in Cloud]: { readonly kind: string; readonly one: string; readonly what: string; readonly form: string };
} = Object.freeze({
  aws: { kind: "an ECR registry", one: "an ECR registry", what: "ECR registries", form: "<account>.dkr.ecr.<region>.amazonaws.com" },
  gcp: {
    kind: "an Artifact Registry repository",
    one: "an Artifact Registry repository",
    what: "Artifact Registry repositories",
    form: "<location>-docker.pkg.dev/<project>/<repository>",
  },
  azure: {
    kind: "an Azure container registry",
    one: "a container registry's ARM resource ID",
    what: "container registries by ARM resource ID",
    form: `${ARM_PREFIX_PLACEHOLDER}/providers/Microsoft.ContainerRegistry/registries/<name>`,
  },
});

/**
 * Private registry hosts. ECR: `<account>.dkr.ecr.<region>.amazonaws.com`, `.amazonaws.com.cn`
 * in China (AmazonECR userguide Registries.html, read 2026-10). Artifact Registry:
 * `<location>-docker.pkg.dev` (artifact-registry/docs/docker/names). ACR: `<name>.azurecr.io`
 * (container-registry-get-started-portal, login server).
 */
const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const AR_HOST = /^([a-z0-9-]+)-docker\.pkg\.dev$/;
const ACR_HOST = /^([a-z0-9]+)\.azurecr\.io$/;

/**
 * Container Registry hosts, served since its shutdown by Artifact Registry repositories named
 * after the host, in the matching multi-region (artifact-registry/docs/transition/gcr-repositories,
 * "gcr.io domain support", read 2026-10): listing `gcr.io/<project>` grants reads on that repository.
 */
const GCR_LOCATIONS: Readonly<Record<string, string>> = Object.freeze({ "gcr.io": "us", "us.gcr.io": "us", "eu.gcr.io": "europe", "asia.gcr.io": "asia" });

/** ECR Public: anyone may pull (AmazonECR public/public-registries.html). */
const ECR_PUBLIC_HOST = "public.ecr.aws";

const AZURE_REGISTRY_ID = /^\/subscriptions\/([^/]*)\/resourceGroups\/([^/]*)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]*)$/i;

/** ACR names: 5 to 50 letters and digits (resource-name-rules, Microsoft.ContainerRegistry, read 2026-10). */
const ACR_NAME = /^[a-zA-Z0-9]{5,50}$/;

/**
 * A repository name inside Artifact Registry, checked as the image-path component it becomes
 * (the distribution reference grammar, as images.ts): an image in a repository the reference
 * grammar refuses could never be pulled.
 */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export type RegistryParse = { readonly ok: true; readonly value: ValidRegistry } | { readonly ok: false; readonly message: string };

/** The ARM resource ID of a registry whose name is known, with the parts the reader fills in. */
function acrId(name: string): string {
  return `${ARM_PREFIX_PLACEHOLDER}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

function loginServerFix(name: string): string {
  return `AcrPull is assigned on the registry's ARM resource ID: write ${JSON.stringify(acrId(name))} with its subscription and resource group (az acr show --name ${name} --query id)`;
}

/** Parses one entry in the spec's cloud's form. */
export function parseRegistry(entry: string, cloud: Cloud): RegistryParse {
  const bare = entry.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
  if (bare !== entry && bare !== "") {
    const again = parseRegistry(bare, cloud);
    if (again.ok) return { ok: false, message: `must be written without a scheme or a trailing "/": write ${JSON.stringify(bare)}` };
    return again;
  }
  const [host = "", ...path] = entry.split("/");
  const form = REGISTRY_FORMS[cloud];
  const foreign = (what: string, owner: Cloud): RegistryParse => ({ ok: false, message: `is ${what} (${owner}), but the platform runs on ${cloud}: list ${form.what}, ${form.form}` });

  if (entry.startsWith("/")) {
    const m = AZURE_REGISTRY_ID.exec(entry);
    if (m === null) return { ok: false, message: `must be ${form.one}, ${form.form}, got ${JSON.stringify(entry)}` };
    if (cloud !== "azure") return foreign("an Azure container registry", "azure");
    const [, subscription = "", resourceGroup = "", name = ""] = m;
    const problem = armScopeProblem(subscription, resourceGroup) ?? (ACR_NAME.test(name) ? undefined : `its registry name ${JSON.stringify(name)} is not 5 to 50 letters and digits`);
    if (problem !== undefined) return { ok: false, message: `is not a valid container registry ID: ${problem}` };
    return { ok: true, value: { written: entry, imagePrefix: `${name.toLowerCase()}.azurecr.io/`, resourceId: entry, name } };
  }

  const lowerHost = host.toLowerCase();
  const ecr = ECR_HOST.exec(lowerHost);
  if (ecr !== null) {
    if (cloud !== "aws") return foreign("an ECR registry", "aws");
    return ecrRegistry(entry, host, path, ecr);
  }
  if (lowerHost === ECR_PUBLIC_HOST) {
    return cloud === "aws" ? { ok: false, message: "is Amazon ECR Public, which anyone can pull from: remove it" } : foreign("Amazon ECR Public", "aws");
  }
  const ar = AR_HOST.exec(lowerHost);
  if (ar !== null) {
    if (cloud !== "gcp") return foreign("an Artifact Registry repository", "gcp");
    return artifactRegistry(entry, host, path, ar[1]!);
  }
  const gcrLocation = GCR_LOCATIONS[lowerHost];
  if (gcrLocation !== undefined) {
    if (cloud !== "gcp") return foreign("a Container Registry host", "gcp");
    return gcrRepository(entry, host, path, gcrLocation);
  }
  const acr = ACR_HOST.exec(lowerHost);
  if (acr !== null) {
    if (cloud !== "azure") return foreign("an Azure container registry", "azure");
    return { ok: false, message: `is the registry's login server; ${loginServerFix(acr[1]!)}` };
  }
  return { ok: false, message: `must be ${form.one}, ${form.form}, got ${JSON.stringify(entry)}` };
}

function ecrRegistry(entry: string, host: string, path: readonly string[], m: RegExpExecArray): RegistryParse {
  const [, account = "", region = "", china] = m;
  if (path.length > 0) return { ok: false, message: `names a repository; list the whole registry: ${JSON.stringify(host)}` };
  if (!AWS_REGION.test(region)) return { ok: false, message: `names ${JSON.stringify(region)}, which is not an AWS region like us-east-1` };
  const partition = awsPartition(region);
  if ((partition === "aws-cn") !== (china !== undefined)) {
    return { ok: false, message: `ends in .amazonaws.com${china ?? ""}, but ${region} is ${partition === "aws-cn" ? "a China region, whose registries end in .amazonaws.com.cn" : "not a China region, whose registries end in .amazonaws.com"}` };
  }
  if (partition !== "aws") {
    return { ok: false, message: `is in the ${partition} partition, but the cluster runs in aws: nodes cannot pull across partitions` };
  }
  return { ok: true, value: { written: entry, imagePrefix: `${host.toLowerCase()}/`, account, region } };
}

function artifactRegistry(entry: string, host: string, path: readonly string[], location: string): RegistryParse {
  if (!GCP_LOCATION.test(location)) return { ok: false, message: `names ${JSON.stringify(location)}, which is not a GCP location like us-central1 or us` };
  const [project, repository, ...image] = path;
  if (project === undefined || project === "" || repository === undefined || repository === "") {
    const shown = `${host}/${project || "<project>"}/<repository>`;
    return { ok: false, message: `names no repository, and pulls are granted per repository: write ${JSON.stringify(shown)}` };
  }
  if (image.length > 0) return { ok: false, message: `names an image, not a repository: write ${JSON.stringify(`${host}/${project}/${repository}`)}` };
  if (!GCP_PROJECT.test(project)) return { ok: false, message: `names the project ${JSON.stringify(project)}, which is not a project ID (${GCP_PROJECT_RULE})` };
  if (!PATH_COMPONENT.test(repository)) {
    return { ok: false, message: `names the repository ${JSON.stringify(repository)}, which is not a repository name (lower-case letters and digits, separated by ".", "_" or "-")` };
  }
  return { ok: true, value: { written: entry, imagePrefix: `${host.toLowerCase()}/${project}/${repository}/`, project, location, repository } };
}

function gcrRepository(entry: string, host: string, path: readonly string[], location: string): RegistryParse {
  const [project, ...image] = path;
  if (project === undefined || project === "") return { ok: false, message: `names no project: write ${JSON.stringify(`${host}/<project>`)}` };
  if (image.length > 0) return { ok: false, message: `names an image, not a repository: write ${JSON.stringify(`${host}/${project}`)}` };
  if (!GCP_PROJECT.test(project)) return { ok: false, message: `names the project ${JSON.stringify(project)}, which is not a project ID (${GCP_PROJECT_RULE})` };
  const repository = host.toLowerCase();
  return { ok: true, value: { written: entry, imagePrefix: `${repository}/${project}/`, project, location, repository } };
}

/** `registries: [...]`: each entry parsed, each registry once. Absent stays undefined; `[]` is a list of none. */
export function checkRegistries(spec: Mapping, cloud: Cloud | undefined, out: Problems): ValidRegistry[] | undefined {
  const path = "registries";
  const list = readStringList(spec, path, "", out);
  if (list === undefined || cloud === undefined) return undefined;
  const before = out.count;
  const parsed: { index: number; registry: ValidRegistry }[] = [];
  list.forEach((item, index) => {
    const p = at(path, index);
    const r = parseRegistry(item, cloud);
    if (!r.ok) {
      out.error(p, r.message);
      return;
    }
    const first = parsed.find((q) => q.registry.imagePrefix === r.value.imagePrefix);
    if (first !== undefined) out.error(p, `names the same registry as ${path}[${first.index}] (${JSON.stringify(first.registry.written)}); list each registry once`);
    parsed.push({ index, registry: r.value });
  });
  return out.count === before ? parsed.map((q) => q.registry) : undefined;
}

/** A workload's image, as far as the warning needs it. */
export interface ImageUse {
  readonly path: string;
  readonly image?: string;
}

/** The private registry an image comes from, and what to list for it, or undefined for any other host. */
function privateRegistryOf(image: string): { readonly cloud: Cloud; readonly host: string; readonly entry: string; readonly hint?: string } | undefined {
  const ref = parseImage(image);
  const host = ref?.registry?.toLowerCase();
  if (ref === undefined || host === undefined) return undefined;
  if (ECR_HOST.test(host)) return { cloud: "aws", host, entry: host };
  if (AR_HOST.test(host)) {
    const [project, repository, ...rest] = ref.repository.split("/");
    const entry = rest.length > 0 ? `${host}/${project}/${repository}` : `${host}/<project>/<repository>`;
    return { cloud: "gcp", host, entry };
  }
  const acr = ACR_HOST.exec(host);
  if (acr !== null) return { cloud: "azure", host, entry: acrId(acr[1]!), hint: ` (az acr show --name ${acr[1]!} --query id)` };
  return undefined;
}

/**
 * Once `registries` is set, an image from a private registry host it leaves out is a warning: the
 * nodes get no pull rights there, and the pods would sit in ImagePullBackOff. Container Registry
 * hosts (gcr.io) are left out of the check: public images (distroless and Google's own) are
 * common there, and a private one is listed as `gcr.io/<project>`.
 */
export function warnUnlistedImages(workloads: readonly ImageUse[], registries: readonly ValidRegistry[] | undefined, cloud: Cloud | undefined, out: Problems): void {
  if (registries === undefined || cloud === undefined) return;
  for (const w of workloads) {
    if (w.image === undefined) continue;
    const source = privateRegistryOf(w.image);
    if (source === undefined) continue;
    const image = w.image.toLowerCase();
    if (registries.some((r) => image.startsWith(r.imagePrefix.toLowerCase()))) continue;
    const p = at(w.path, "image");
    if (source.cloud === cloud) {
      out.warn(p, `comes from the private registry ${source.host}, which registries does not list: the nodes get no pull rights on it (unless it is public); add ${JSON.stringify(source.entry)} to registries${source.hint ?? ""}`);
    } else {
      out.warn(
        p,
        `comes from ${REGISTRY_FORMS[source.cloud].kind} (${source.cloud}) at ${source.host}, on which the nodes of ${withArticle(cloud)} platform get no pull rights (unless it is public): copy the image to ${REGISTRY_FORMS[cloud].kind} and list that under registries`,
      );
    }
  }
}
