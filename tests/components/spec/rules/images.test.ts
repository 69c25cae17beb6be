import assert from "node:assert/strict";
import { checkImage, parseImage } from "../../../../components/spec/rules/images";
import { Problems } from "../../../../components/spec/rules/problems";

const DIGEST = `sha256:${"ab".repeat(32)}`;

function imageErrors(image: string): string[] {
  const out = new Problems();
  checkImage(image, "image", out);
  return out.errors.map((p) => p.message);
}

describe("image references", () => {
  it("splits registry, repository, tag and digest", () => {
    assert.deepEqual(parseImage("vllm/vllm-openai:v0.6.3"), { registry: undefined, repository: "vllm/vllm-openai", tag: "v0.6.3", digest: undefined });
    assert.deepEqual(parseImage("ghcr.io/acme/train:1.2"), { registry: "ghcr.io", repository: "acme/train", tag: "1.2", digest: undefined });
    assert.deepEqual(parseImage("localhost/app:dev"), { registry: "localhost", repository: "app", tag: "dev", digest: undefined });
    assert.deepEqual(parseImage(`host:5000/team/app@${DIGEST}`), { registry: "host:5000", repository: "team/app", tag: undefined, digest: DIGEST });
  });

  it("takes a colon before the last slash as a registry port, not a tag", () => {
    assert.deepEqual(parseImage("host:5000/img"), { registry: "host:5000", repository: "img", tag: undefined, digest: undefined });
  });

  it("accepts images pinned by tag or digest", () => {
    for (const image of ["nginx:1.27", "registry.example.com:5000/speech/whisper:2024.10", `app@${DIGEST}`, `app:latest@${DIGEST}`, "a/b_c__d/e-f:V1.0-RC_2"]) {
      assert.deepEqual(imageErrors(image), [], image);
    }
  });

  it("rejects an untagged image, since it pulls latest", () => {
    assert.deepEqual(imageErrors("nginx"), [
      'must be pinned to a tag or digest, got "nginx" (no tag pulls ":latest"); add a version tag like ":1.2" or a digest "@sha256:..."',
    ]);
  });

  it("rejects the latest tag", () => {
    assert.deepEqual(imageErrors("nginx:latest"), [
      'must not use the tag "latest", which changes under a running workload, got "nginx:latest"; use a version tag or a digest "@sha256:..."',
    ]);
  });

  it("rejects malformed references with a hint where one helps", () => {
    const shape = 'must be an image reference like "registry.example.com/team/app:1.2" or "app@sha256:<64 hex>"';
    assert.deepEqual(imageErrors("Team/App:1"), [`${shape}, got "Team/App:1"; repository names are lower-case`]);
    assert.deepEqual(imageErrors("team/app :1"), [`${shape}, got "team/app :1"; remove the spaces`]);
    assert.deepEqual(imageErrors("app@sha256:1234"), [`${shape}, got "app@sha256:1234"`]);
    assert.deepEqual(imageErrors("app:"), [`${shape}, got "app:"`]);
    assert.deepEqual(imageErrors("a@b@c"), [`${shape}, got "a@b@c"`]);
    assert.deepEqual(imageErrors("-app:1"), [`${shape}, got "-app:1"`]);
  });
});
