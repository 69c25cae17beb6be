/**
 * An internally exposed service on a cluster under test, and the sources its `<name>-allow-lb`
 * NetworkPolicy admits: what the clouds' contract tests assert. Call `internalService` inside `render`.
 */
import type { ClusterContract } from "../../components/cluster/contract";
import { ModelService } from "../../components/k8s/model-service";
import type { AddonsRef } from "../../components/k8s/refs";
import { validService } from "./builders";
import { MockRun, one } from "./mocks";

const ADDONS: AddonsRef = {
  priorityClasses: { serving: "ml-clusters-serving", training: "ml-clusters-training" },
  customMetrics: true,
  ready: [],
};

/** A CPU service (so it lands on the system pool of any cluster) behind an internal load balancer. */
export function internalService(contract: ClusterContract): ModelService {
  return new ModelService("lb", { contract, service: validService({ name: "lb", gpu: undefined, expose: "internal" }), addons: ADDONS });
}

/** The allow-lb policy's ingress rules: one rule from the ipBlocks on the service port. */
export function allowLbIngress(run: MockRun): unknown {
  return (one(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "lb-allow-lb").inputs as any).spec.ingress;
}

/** The ingress rule expected when the policy admits `cidrs` on port 8000. */
export function ingressFrom(cidrs: readonly string[]): unknown {
  return [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: 8000 }] }];
}
