import assert from "node:assert/strict";
import fc from "fast-check";
import { STARTUP_PROBE_PERIOD_SECONDS } from "../../../components/k8s/defaults";
import {
  containerSecurityContext,
  podSecurityContext,
  serviceProbes,
  shmSizeLimit,
  startupFailureThreshold,
  topologySpread,
  writableVolumes,
} from "../../../components/k8s/scheduling";

const GiB = 1024 ** 3;

describe("scheduling helpers", () => {
  it("gives model loading its whole startupSeconds and not a full period more", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 14_400 }), (seconds) => {
        const threshold = startupFailureThreshold(seconds);
        assert.ok(threshold * STARTUP_PROBE_PERIOD_SECONDS >= seconds);
        assert.ok((threshold - 1) * STARTUP_PROBE_PERIOD_SECONDS < seconds);
      }),
    );
    assert.equal(startupFailureThreshold(900), 90);
    assert.equal(startupFailureThreshold(905), 91);
  });

  it("sizes /dev/shm at half the pod's memory up to 16 GiB", () => {
    assert.equal(shmSizeLimit(12 * GiB), "6144Mi");
    assert.equal(shmSizeLimit(600 * GiB), "16384Mi");
    fc.assert(
      fc.property(fc.integer({ min: 64 * 1024 ** 2, max: 4096 * GiB }), (bytes) => {
        const mib = Number(shmSizeLimit(bytes).replace(/Mi$/, ""));
        assert.ok(mib * 1024 ** 2 <= bytes / 2 && mib <= 16384);
      }),
    );
  });

  it("probes readiness and liveness on health.path with different thresholds, and the port by TCP without a path", () => {
    const http = serviceProbes({ path: "/health", startupSeconds: 900 }, "http");
    assert.deepEqual(http.startupProbe, { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, failureThreshold: 90, timeoutSeconds: 5 });
    assert.deepEqual(http.readinessProbe, { httpGet: { path: "/health", port: "http" }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 5 });
    assert.deepEqual(http.livenessProbe, { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 5 });
    assert.notDeepEqual(http.livenessProbe, http.readinessProbe);
    const tcp = serviceProbes({ startupSeconds: 600 }, "http");
    assert.deepEqual(tcp.readinessProbe.tcpSocket, { port: "http" });
    assert.equal(tcp.readinessProbe.httpGet, undefined);
  });

  it("locks containers down for both profiles and adds non-root IDs, a read-only root and no recursive re-owning of volumes for restricted", () => {
    assert.deepEqual(podSecurityContext("baseline"), { seccompProfile: { type: "RuntimeDefault" } });
    assert.deepEqual(containerSecurityContext("baseline"), { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
    assert.deepEqual(podSecurityContext("restricted"), {
      seccompProfile: { type: "RuntimeDefault" },
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: "OnRootMismatch",
    });
    assert.deepEqual(containerSecurityContext("restricted"), {
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
    });
    assert.deepEqual(
      writableVolumes("restricted", 12 * GiB).map((v) => v.mount),
      [
        { name: "dshm", mountPath: "/dev/shm" },
        { name: "tmp", mountPath: "/tmp" },
        { name: "home", mountPath: "/home/ml" },
      ],
    );
  });

  it("spreads softly over hosts and zones", () => {
    const spread = topologySpread({ app: "x" });
    assert.deepEqual(
      spread.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew]),
      [
        ["kubernetes.io/hostname", "ScheduleAnyway", 1],
        ["topology.kubernetes.io/zone", "ScheduleAnyway", 1],
      ],
    );
  });
});
