/**
 * Max pods per instance type as the EKS AL2023 AMI's nodeadm computes it from the VPC CNI's ENI
 * limits, and from which it derives kubelet's kube-reserved memory (11 MiB per pod + 255 MiB;
 * awslabs/amazon-eks-ami `nodeadm/internal/kubelet/config.go`, `withDefaultReservedResources`, at
 * 81fec2e8, read 2026-12). This is not the pod limit of a managed node group's node: EKS caps
 * kubelet's `maxPods` in the node's user data at 110 for up to 30 vCPUs and 250 above (EKS User
 * Guide, "Choose an optimal Amazon EC2 node instance type", "How maxPods is determined"; the same
 * ceilings, `-gt 30`, as the AMI's `templates/al2/runtime/max-pods-calculator.sh` before its
 * removal in b2289030). A `maxPods` in the NodeConfig's kubelet config becomes a kubelet drop-in
 * and leaves the reservation as computed here (nodeadm's e2e case
 * `custom-max-pods-expression/kubelet-config-max-pods`: drop-in maxPods 1, reservation from 60).
 * A GPU node runs a handful of pods, far below either cap, so the planner needs only the
 * reservation.
 *
 * Source: awslabs/amazon-eks-ami, templates/shared/runtime/eni-max-pods.txt at commit 0254c5b4
 * (read 2026-11), computed there as `ENIs × (IPv4 addresses per ENI − 1) + 2` from the EC2 API;
 * for multi-card types (p5.48xlarge) only network card 0 counts. Cross-checked against the
 * allocatable memory Karpenter publishes for g4dn.xlarge (29), g5.xlarge (58), g5.48xlarge (345),
 * g6.12xlarge (234), p4de.24xlarge (737) and p5.48xlarge (100) in shared/reference/gpu-catalog.md.
 * GPU types, plus the system pool's CPU types (catalog/clouds.ts), whose allocatable bounds the
 * pods of workloads without a GPU: m6i/m7i large 3 ENIs × 10 addresses, xlarge and 2xlarge 4 × 15
 * (same eni-max-pods.txt, read 2026-11).
 */
export const AWS_MAX_PODS: Readonly<Record<string, number>> = Object.freeze({
  "g4dn.xlarge": 29,
  "g4dn.2xlarge": 29,
  "g4dn.4xlarge": 29,
  "g4dn.8xlarge": 58,
  "g4dn.12xlarge": 234,
  "g4dn.16xlarge": 58,
  "g4dn.metal": 737,
  "g5.xlarge": 58,
  "g5.2xlarge": 58,
  "g5.4xlarge": 234,
  "g5.8xlarge": 234,
  "g5.12xlarge": 737,
  "g5.16xlarge": 234,
  "g5.24xlarge": 737,
  "g5.48xlarge": 345,
  "g6.xlarge": 58,
  "g6.2xlarge": 58,
  "g6.4xlarge": 234,
  "g6.8xlarge": 234,
  "g6.12xlarge": 234,
  "g6.16xlarge": 737,
  "g6.24xlarge": 737,
  "g6.48xlarge": 737,
  "g6e.xlarge": 58,
  "g6e.2xlarge": 58,
  "g6e.4xlarge": 234,
  "g6e.8xlarge": 234,
  "g6e.12xlarge": 292,
  "g6e.16xlarge": 737,
  "g6e.24xlarge": 492,
  "g6e.48xlarge": 492,
  "g6f.large": 20,
  "g6f.xlarge": 58,
  "g6f.2xlarge": 58,
  "g6f.4xlarge": 234,
  "gr6.4xlarge": 234,
  "gr6.8xlarge": 234,
  "p3.2xlarge": 58,
  "p3.8xlarge": 234,
  "p3.16xlarge": 234,
  "p3dn.24xlarge": 737,
  "p4d.24xlarge": 737,
  "p4de.24xlarge": 737,
  "p5.4xlarge": 118,
  "p5.48xlarge": 100,
  "p5e.48xlarge": 100,
  "p5en.48xlarge": 198,
  "p6-b200.48xlarge": 198,
  "p6-b300.48xlarge": 198,
  "m6i.large": 29,
  "m6i.xlarge": 58,
  "m6i.2xlarge": 58,
  "m7i.large": 29,
  "m7i.xlarge": 58,
  "m7i.2xlarge": 58,
  // The CPU worker families (catalog/instances/cpu-aws.ts): m7i, c7i and r7i share their ENI
  // limits per size (large 3 × 10, xlarge and 2xlarge 4 × 15, 4xlarge to 12xlarge 8 × 30, 16xlarge
  // and 24xlarge 15 × 50), same eni-max-pods.txt; a test checks each against Karpenter's allocatable.
  "m7i.4xlarge": 234,
  "m7i.8xlarge": 234,
  "m7i.12xlarge": 234,
  "m7i.16xlarge": 737,
  "m7i.24xlarge": 737,
  "c7i.large": 29,
  "c7i.xlarge": 58,
  "c7i.2xlarge": 58,
  "c7i.4xlarge": 234,
  "c7i.8xlarge": 234,
  "c7i.12xlarge": 234,
  "c7i.16xlarge": 737,
  "c7i.24xlarge": 737,
  "r7i.large": 29,
  "r7i.xlarge": 58,
  "r7i.2xlarge": 58,
  "r7i.4xlarge": 234,
  "r7i.8xlarge": 234,
  "r7i.12xlarge": 234,
  "r7i.16xlarge": 737,
  "r7i.24xlarge": 737,
});

/**
 * For a GPU type missing from the table: the largest figure any GPU type has. A larger max-pods
 * means a larger memory reservation, so a missing row can only understate what pods get, never
 * promise memory the node does not have. A test keeps every catalogued AWS type in the table.
 */
export const AWS_UNKNOWN_TYPE_MAX_PODS = 737;

/** The max-pods figure the EKS AMI uses for an instance type. */
export function awsMaxPods(instanceType: string): number {
  return AWS_MAX_PODS[instanceType] ?? AWS_UNKNOWN_TYPE_MAX_PODS;
}
