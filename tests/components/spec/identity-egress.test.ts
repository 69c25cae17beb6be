import assert from "node:assert/strict";
import { inspectSpec } from "../../../components/spec/validate";
import { awsIdentitySpec, azureIdentitySpec, set } from "./fixtures";

describe("access under restricted egress", () => {
  it("warns that a workload with access reaches its storage's public endpoint, which the namespace's egress must admit", () => {
    const s = set(awsIdentitySpec(), "namespaces[0].egress", { allowCidrs: ["10.0.0.0/8"] });
    const report = inspectSpec(s);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.warnings.filter((w) => w.path.endsWith(".access")),
      [
        {
          path: "services[0].access",
          message:
            "reaches Amazon S3's public endpoint from namespace research, whose egress is restricted: add their address ranges to egress.allowCidrs, or reach storage through a private endpoint in an allowed range",
        },
        {
          path: "trainingJobs[0].access",
          message:
            "reaches Amazon S3's public endpoint from namespace research, whose egress is restricted: add their address ranges to egress.allowCidrs, or reach storage through a private endpoint in an allowed range",
        },
      ],
    );
  });

  it("names Entra ID too on Azure, whose tokens come from its public endpoint", () => {
    const report = inspectSpec(set(azureIdentitySpec(), "namespaces[0].egress", { allowCidrs: [] }));
    assert.match(report.warnings.find((w) => w.path === "services[0].access")!.message, /^reaches Azure Storage's and Entra ID's public endpoints from namespace/);
  });

  it("says nothing while egress is open", () => {
    assert.deepEqual(inspectSpec(awsIdentitySpec()).warnings, []);
  });
});
