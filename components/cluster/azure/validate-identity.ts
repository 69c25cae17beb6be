/**
 * Checks of what AksCluster grants from the spec: namespace members, registries and workload
 * `access`. The spec validator checks the formats of every cloud; these are the Azure facts the
 * grants depend on, so a spec built in code still fails early and with a path.
 */
import type { SpecProblem, ValidSpec, ValidWorkload } from "../../spec/types";
import { parseAksMember } from "./access-grants";
import { CONDITION_MAX_CHARS, UNQUOTABLE } from "./blob-condition";
import { storageGrants } from "./storage-grants";

/** Account 3-24 lowercase letters and digits, container 3-63, registry 5-50 alphanumerics (resource-name-rules, Microsoft.Storage and Microsoft.ContainerRegistry). */
const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const CONTAINER_ID = new RegExp(`^/subscriptions/${GUID}/resourceGroups/[^/]+/providers/Microsoft\\.Storage/storageAccounts/[a-z0-9]{3,24}/blobServices/default/containers/[a-z0-9-]{3,63}$`, "i");
const REGISTRY_ID = new RegExp(`^/subscriptions/${GUID}/resourceGroups/[^/]+/providers/Microsoft\\.ContainerRegistry/registries/[a-zA-Z0-9]{5,50}$`, "i");

const CONTAINER_FORM = "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>[/<prefix>]";
const REGISTRY_FORM = "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>";

export function checkIdentitySpec(spec: ValidSpec): SpecProblem[] {
  return [...checkMembers(spec.namespaces), ...checkRegistries(spec.registries ?? []), ...[...spec.services, ...spec.trainingJobs].flatMap(checkAccess)];
}

/** Each member is `user:<object ID>` or `group:<object ID>`: the role assignment must name the kind. */
export function checkMembers(namespaces: ValidSpec["namespaces"]): SpecProblem[] {
  return namespaces.flatMap((ns, i) =>
    (ns.members ?? []).flatMap((m, j) =>
      parseAksMember(m) !== undefined
        ? []
        : [
            {
              path: `namespaces[${i}].members[${j}]`,
              message:
                `must be "user:<object ID>" or "group:<object ID>" (an Entra object ID, a GUID), got ${JSON.stringify(m)}; ` +
                "Azure refuses a role assignment whose principal type is not the object's own, so write which kind it is",
            },
          ],
    ),
  );
}

/** Each registry is named by its ARM resource ID: the AcrPull assignment's scope. */
export function checkRegistries(registries: NonNullable<ValidSpec["registries"]>): SpecProblem[] {
  return registries.flatMap((r, i) =>
    r.resourceId !== undefined && REGISTRY_ID.test(r.resourceId)
      ? []
      : [{ path: `registries[${i}]`, message: `must be an Azure Container Registry's resource ID (${REGISTRY_FORM}), got ${JSON.stringify(r.written)}; copy it from \`az acr show --name <name> --query id\`` }],
  );
}

/** Containers by ARM ID, prefixes a condition can quote, and conditions within Azure's size limit. */
export function checkAccess(w: ValidWorkload): SpecProblem[] {
  if (w.access === undefined) return [];
  const out: SpecProblem[] = [];
  for (const kind of ["read", "write"] as const) {
    w.access[kind].forEach((l, k) => {
      const path = `${w.path}.access.${kind}[${k}]`;
      if (!CONTAINER_ID.test(l.bucket)) {
        out.push({ path, message: `must be a blob container's resource ID, optionally followed by a prefix (${CONTAINER_FORM}), got ${JSON.stringify(l.url)}` });
      } else if (UNQUOTABLE.test(l.prefix)) {
        out.push({ path, message: `the prefix ${JSON.stringify(l.prefix)} has a quote or backslash, which an Azure role assignment condition cannot quote; rename the prefix or grant its parent` });
      }
    });
  }
  if (out.length > 0) return out;
  for (const g of storageGrants(w.access)) {
    if (g.condition !== undefined && g.condition.length > CONDITION_MAX_CHARS) {
      out.push({
        path: `${w.path}.access.${g.access}`,
        message: `the prefixes in container ${g.scope} make a role assignment condition of ${g.condition.length} characters, over Azure's ${CONDITION_MAX_CHARS}; grant fewer, shorter or common parent prefixes`,
      });
    }
  }
  return out;
}
