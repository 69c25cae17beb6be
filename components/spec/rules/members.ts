/**
 * `members` of a namespace: cloud principals with edit rights there, in the spec's cloud's format;
 * and `googleGroupsForRbac`, the GKE setting that makes `group:` members work.
 */
import type { Cloud } from "../../catalog/types";
import { AWS_PARTITION, awsPartition, EMAIL, GUID } from "./cloud-names";
import { Mapping, readString, readStringList } from "./fields";
import { at, Problems } from "./problems";
import { suggest } from "./suggest";

/** How members are written on each cloud, for messages. */
export const MEMBER_FORMS: { readonly [c in Cloud]: { readonly one: string; readonly what: string; readonly form: string } } = Object.freeze({
  aws: { one: "an IAM role or user ARN", what: "IAM role or user ARNs", form: "arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name>" },
  gcp: {
    one: "a Google identity",
    what: "Google identities",
    form: "user:<email>, group:<email> or serviceAccount:<name>@<project>.iam.gserviceaccount.com",
  },
  azure: {
    one: "an Entra user or group object ID with its kind",
    what: "Entra user or group object IDs with their kind",
    form: "user:<object ID> or group:<object ID>, the ID a GUID like 00000000-0000-0000-0000-000000000000",
  },
});

export type MemberParse = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * IAM names and paths (IAM API CreateRole/CreateUser: names match [\w+=,.@-]{1,64}; a path is "/"
 * or starts and ends with "/", at most 512 characters from "!" to "~"; read 2026-10). Access
 * entries take role ARNs with their path (EKS creating-access-entries.html, read 2026-10).
 */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_PATH = /^\/(?:[\x21-\x7e]*\/)?$/;
const IAM_PRINCIPAL = /^arn:([^:]*):iam::(\d{12}):(role|user)(\/.*)$/;
const STS_SESSION = /^arn:([^:]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const IAM_GROUP = /^arn:[^:]*:iam::\d{12}:group\//;

/** GKE's RBAC subjects for Google identities: users and service accounts by email, groups through Google Groups for RBAC. */
const GCP_KINDS = ["user", "group", "serviceAccount"] as const;

/**
 * Service account emails: user-managed `<name>@<project>.iam.gserviceaccount.com`, and the
 * Google-created default ones at developer. and appspot.gserviceaccount.com (IAM docs,
 * service-account-types, read 2026-10).
 */
const SERVICE_ACCOUNT_EMAIL = /^[a-z0-9][a-z0-9-]*@(?:[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam|developer|appspot)\.gserviceaccount\.com$/;

/** Which cloud a member of another cloud's format belongs to, and what it is. */
function foreignMember(member: string): { readonly cloud: Cloud; readonly what: string } | undefined {
  if (/^arn:[^:]*:(?:iam|sts)::/.test(member)) return { cloud: "aws", what: "an AWS IAM ARN" };
  const kinded = /^(?:user|group):(.*)$/.exec(member);
  if (kinded !== null && GUID.test(kinded[1]!)) return { cloud: "azure", what: "an Entra object ID" };
  if (/^(?:user|group|serviceAccount):/.test(member)) return { cloud: "gcp", what: "a Google identity" };
  if (GUID.test(member)) return { cloud: "azure", what: "an Entra object ID" };
  return undefined;
}

/** Checks one member in the spec's cloud's format. `region` places an AWS cluster in its partition. */
export function parseMember(member: string, cloud: Cloud, region: string | undefined): MemberParse {
  const own = MEMBER_PARSERS[cloud](member, region);
  if (own !== undefined) return own;
  const other = foreignMember(member);
  const form = MEMBER_FORMS[cloud];
  if (other !== undefined && other.cloud !== cloud) {
    return { ok: false, message: `is ${other.what} (${other.cloud}), but the platform runs on ${cloud}: list ${form.what}, ${form.form}` };
  }
  return { ok: false, message: `must be ${form.one} (${form.form}), got ${JSON.stringify(member)}` };
}

const MEMBER_PARSERS: { readonly [c in Cloud]: (member: string, region: string | undefined) => MemberParse | undefined } = {
  aws: awsMember,
  gcp: gcpMember,
  azure: azureMember,
};

function awsMember(member: string, region: string | undefined): MemberParse | undefined {
  const m = IAM_PRINCIPAL.exec(member);
  if (m !== null) {
    const [, partition = "", , kind = "", rest = ""] = m;
    const slash = rest.lastIndexOf("/");
    const path = rest.slice(0, slash + 1);
    const name = rest.slice(slash + 1);
    if (!IAM_NAME.test(name)) return { ok: false, message: `names the ${kind} ${JSON.stringify(name)}, which is not an IAM name (1 to 64 letters, digits and "_+=,.@-")` };
    if (path.length > 512 || !IAM_PATH.test(path)) return { ok: false, message: `has the path ${JSON.stringify(path)}, which is not an IAM path (at most 512 characters from "!" to "~")` };
    const clusterPartition = awsPartition(region ?? "");
    if (!AWS_PARTITION.test(partition)) return undefined;
    if (partition !== clusterPartition) {
      return { ok: false, message: `is in the ${partition} partition, but the cluster runs in ${clusterPartition}: EKS access entries take principals of the cluster's partition` };
    }
    return { ok: true };
  }
  const session = STS_SESSION.exec(member);
  if (session !== null) {
    const [, partition = "aws", account = "", role = ""] = session;
    return {
      ok: false,
      message: `is an STS session ARN, which names one sign-in and changes with each: EKS access entries take the role's ARN, ${JSON.stringify(`arn:${partition}:iam::${account}:role/${role}`)}, with the role's path if it has one (aws iam get-role --role-name ${role} --query Role.Arn)`,
    };
  }
  if (IAM_GROUP.test(member)) return { ok: false, message: "is an IAM group, but EKS access entries take roles and users only: list the roles or users" };
  return undefined;
}

function gcpMember(member: string): MemberParse | undefined {
  const kinded = /^([A-Za-z]+):([\s\S]*)$/.exec(member);
  if (kinded !== null && !member.startsWith("arn:")) {
    const [, kind = "", email = ""] = kinded;
    if (kind === "serviceAccount") {
      return SERVICE_ACCOUNT_EMAIL.test(email)
        ? { ok: true }
        : { ok: false, message: `must name a service account email after "serviceAccount:", <name>@<project>.iam.gserviceaccount.com, got ${JSON.stringify(email)}` };
    }
    if (kind === "user" || kind === "group") {
      if (GUID.test(email)) return undefined; // an Entra member: said as such below
      return EMAIL.test(email) ? { ok: true } : { ok: false, message: `must name an email after "${kind}:", got ${JSON.stringify(email)}` };
    }
    const close = suggest(kind, GCP_KINDS);
    return {
      ok: false,
      message: close !== undefined ? `has the kind "${kind}:"; did you mean "${close}:"?` : `has the kind "${kind}:", which GKE cannot bind in RBAC: use user:, group: or serviceAccount:`,
    };
  }
  if (EMAIL.test(member)) {
    if (SERVICE_ACCOUNT_EMAIL.test(member)) return { ok: false, message: `needs its kind in front: write "serviceAccount:${member}"` };
    return {
      ok: false,
      message: `needs its kind in front: write "user:${member}" for a person or "group:${member}" for a Google group (service accounts are serviceAccount:<name>@<project>.iam.gserviceaccount.com)`,
    };
  }
  return undefined;
}

/**
 * Azure members carry their kind, `user:` or `group:`: a role assignment's principalType must
 * match the principal, and @pulumi/azure-native fills in "User" when it is left out, which Azure
 * refuses for a group (UnmatchedPrincipalType; Azure/azure-rest-api-specs#21664).
 */
function azureMember(member: string): MemberParse | undefined {
  const kinded = /^([A-Za-z]+):(.*)$/.exec(member);
  if (kinded !== null && !member.startsWith("arn:") && !member.startsWith("serviceAccount:")) {
    const [, kind = "", id = ""] = kinded;
    if (kind !== "user" && kind !== "group") {
      const close = suggest(kind, ["user", "group"]);
      return { ok: false, message: close !== undefined ? `has the kind "${kind}:"; did you mean "${close}:"?` : `has the kind "${kind}:": use user: or group: before the object ID` };
    }
    if (GUID.test(id)) return { ok: true };
    if (EMAIL.test(id)) return { ok: false, message: `names a sign-in name, but AKS binds Entra object IDs: write "${kind}:<object ID>" (az ad ${kind} show --${kind === "user" ? "id" : "group"} ${id} --query id)` };
    return { ok: false, message: `must name an Entra object ID (a GUID) after "${kind}:", got ${JSON.stringify(id)}` };
  }
  if (GUID.test(member)) {
    return { ok: false, message: `needs its kind in front: write "user:${member}" for a person or "group:${member}" for an Entra group (a role assignment must say which)` };
  }
  if (EMAIL.test(member)) {
    return { ok: false, message: `is a sign-in name, but AKS binds Entra object IDs: write the user's object ID (az ad user show --id ${member} --query id)` };
  }
  return undefined;
}

/** Two spellings of one member: emails and GUIDs compare without case, ARNs with it. */
function memberKey(member: string, cloud: Cloud): string {
  if (cloud === "aws") return member;
  if (cloud === "azure") return member.toLowerCase();
  const colon = member.indexOf(":");
  return `${member.slice(0, colon)}:${member.slice(colon + 1).toLowerCase()}`;
}

/** `members: [...]` of the namespace at `path`: each in the cloud's format, each once. */
export function checkMembers(ns: Mapping, path: string, cloud: Cloud | undefined, region: string | undefined, out: Problems): string[] | undefined {
  const list = readStringList(ns, "members", path, out);
  if (list === undefined || cloud === undefined) return list;
  const before = out.count;
  const p = at(path, "members");
  const seen = new Map<string, number>();
  list.forEach((member, i) => {
    const r = parseMember(member, cloud, region);
    if (!r.ok) {
      out.error(at(p, i), r.message);
      return;
    }
    const key = memberKey(member, cloud);
    const first = seen.get(key);
    if (first !== undefined) out.error(at(p, i), `names the same member as members[${first}] (${JSON.stringify(list[first])}); list each member once`);
    else seen.set(key, i);
  });
  return out.count === before ? list : undefined;
}

/** What a namespace's members are, for the check across parts. */
export interface MemberUse {
  readonly path: string;
  readonly members?: readonly string[];
}

/**
 * GKE resolves a `group:` member only with Google Groups for RBAC, whose root group the cluster
 * must name (kubernetes-engine/docs/how-to/google-groups-rbac, read 2026-10). `declared`: the
 * spec sets googleGroupsForRbac (sound or not: a wrong one has its own problem).
 */
export function checkGroupMembers(namespaces: readonly MemberUse[], declared: boolean, cloud: Cloud | undefined, out: Problems): void {
  if (declared || cloud !== "gcp") return;
  for (const ns of namespaces) {
    ns.members?.forEach((member, i) => {
      if (!member.startsWith("group:")) return;
      const domain = member.slice(member.indexOf("@") + 1);
      out.error(
        at(at(ns.path, "members"), i),
        `is a Google group, which GKE resolves in RBAC only with Google Groups for RBAC: set googleGroupsForRbac: gke-security-groups@${domain} (make this group a member of it), or list the people as user: members`,
      );
    });
  }
}

/** GKE requires the root group of Google Groups for RBAC to be named gke-security-groups (google-groups-rbac, read 2026-10). */
const GKE_SECURITY_GROUP = /^gke-security-groups@((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9])$/i;

/** What namespace members are on the clouds without Google Groups, for the hint. */
const MEMBERS_INSTEAD: { readonly [c in Exclude<Cloud, "gcp">]: string } = Object.freeze({
  aws: "namespace members there are IAM role or user ARNs",
  azure: "namespace members there are user:<object ID> or group:<object ID> of Entra, groups included",
});

/** `googleGroupsForRbac: gke-security-groups@<domain>`, GKE only. */
export function checkGoogleGroupsForRbac(spec: Mapping, cloud: Cloud | undefined, out: Problems): string | undefined {
  const path = "googleGroupsForRbac";
  const value = readString(spec, path, "", out);
  if (value === undefined || cloud === undefined) return undefined;
  if (cloud !== "gcp") {
    out.error(path, `is a GKE setting (Google Groups for RBAC), but the platform runs on ${cloud}: remove it; ${MEMBERS_INSTEAD[cloud]}`);
    return undefined;
  }
  if (GKE_SECURITY_GROUP.test(value)) return value;
  const domain = EMAIL.test(value) ? value.slice(value.indexOf("@") + 1) : undefined;
  out.error(
    path,
    domain !== undefined
      ? `must be the group named gke-security-groups (GKE requires that name), got ${JSON.stringify(value)}; write "gke-security-groups@${domain}" and make your groups members of it`
      : `must be gke-security-groups@<your domain>, e.g. "gke-security-groups@example.com", got ${JSON.stringify(value)}`,
  );
  return undefined;
}
