/**
 * Evaluates a generated identity policy with an IAM policy simulator (@cloud-copilot/iam-simulate),
 * the way IAM would for a Pod Identity session of the workload's role, so tests show least
 * privilege by asking what is allowed rather than by reading the document.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../../../components/cluster/aws";

export const ACCOUNT = "123456789012";
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/ml-dev-research-chat-1a2b3c4d/eks-ml-dev-chat-7d9f8-abcde`;

/**
 * A key's default key policy, which lets the account's IAM policies grant use of the key (KMS
 * Developer Guide, "Default key policy"). KMS allows nothing unless the key policy does, so a
 * KMS request is simulated against it.
 */
export function defaultKeyPolicy(account = ACCOUNT): object {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
  };
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** What IAM decides for one request of the role's session under `policy`; throws if the simulator rejects the input. */
export async function decide(policy: PolicyDocument, action: string, resource: string, context: Record<string, string> = {}): Promise<Decision> {
  const result = await runSimulation(
    {
      request: { principal: SESSION, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [{ name: "ml-clusters-storage", policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(action.startsWith("kms:") ? { resourcePolicy: defaultKeyPolicy() } : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(`simulator rejected ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
