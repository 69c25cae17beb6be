import assert from "node:assert/strict";
import { GPU_MODELS, GPUS, gpuModelSpellings, resolveGpuModel } from "../../../components/catalog";

describe("catalog: GPU models", () => {
  it("resolves every canonical name to itself", () => {
    for (const model of GPU_MODELS) assert.equal(resolveGpuModel(model), model);
  });

  it("resolves every alias to the model that lists it", () => {
    for (const model of GPU_MODELS) {
      for (const alias of GPUS[model].aliases) assert.equal(resolveGpuModel(alias), model, alias);
    }
  });

  it("resolves names regardless of case and surrounding spaces", () => {
    assert.equal(resolveGpuModel("  NVIDIA-L4 "), "l4");
    assert.equal(resolveGpuModel("A100-80GB"), "a100-80gb");
  });

  it("maps the GKE accelerator strings and Karpenter GPU names to their models", () => {
    assert.equal(resolveGpuModel("nvidia-tesla-t4"), "t4");
    assert.equal(resolveGpuModel("nvidia-tesla-v100"), "v100");
    assert.equal(resolveGpuModel("nvidia-tesla-a100"), "a100-40gb");
    assert.equal(resolveGpuModel("nvidia-a100-80gb"), "a100-80gb");
    assert.equal(resolveGpuModel("nvidia-h100-80gb"), "h100");
    assert.equal(resolveGpuModel("nvidia-h100-mega-80gb"), "h100");
    assert.equal(resolveGpuModel("nvidia-h200-141gb"), "h200");
    assert.equal(resolveGpuModel("a100"), "a100-40gb");
  });

  it("returns undefined for a model it does not know", () => {
    assert.equal(resolveGpuModel("rtx-4090"), undefined);
    assert.equal(resolveGpuModel(""), undefined);
  });

  it("keeps each alias unique across models, distinct from canonical names, lower-case and trimmed", () => {
    const seen = new Map<string, string>();
    for (const model of GPU_MODELS) {
      for (const alias of GPUS[model].aliases) {
        assert.equal(seen.get(alias), undefined, `alias "${alias}" of ${model} is also an alias of ${seen.get(alias)}`);
        seen.set(alias, model);
        assert.equal((GPU_MODELS as readonly string[]).includes(alias), false, `alias "${alias}" is a canonical name`);
        assert.equal(alias, alias.trim().toLowerCase());
      }
    }
  });

  it("keys every row by its own canonical name", () => {
    for (const model of GPU_MODELS) assert.equal(GPUS[model].name, model);
    assert.deepEqual(Object.keys(GPUS).sort(), [...GPU_MODELS].sort());
  });

  it("lists the canonical names first in the accepted spellings, then every alias once", () => {
    const spellings = gpuModelSpellings();
    const aliasCount = GPU_MODELS.reduce((n, m) => n + GPUS[m].aliases.length, 0);
    assert.deepEqual(spellings.slice(0, GPU_MODELS.length), [...GPU_MODELS]);
    assert.equal(spellings.length, GPU_MODELS.length + aliasCount);
    assert.equal(new Set(spellings).size, spellings.length);
  });

  it("states the nominal memory of each model from NVIDIA's datasheets", () => {
    assert.deepEqual(Object.fromEntries(GPU_MODELS.map((m) => [m, GPUS[m].memoryGiB])), {
      t4: 16,
      v100: 16,
      a10g: 24,
      a10: 24,
      l4: 24,
      l40s: 48,
      "a100-40gb": 40,
      "a100-80gb": 80,
      h100: 80,
      "h100-nvl": 94,
      h200: 141,
      b200: 180,
    });
  });

  it("marks MIG support exactly for the models NVIDIA's MIG guide lists", () => {
    assert.deepEqual(
      GPU_MODELS.filter((m) => GPUS[m].mig),
      ["a100-40gb", "a100-80gb", "h100", "h100-nvl", "h200", "b200"],
    );
  });
});
