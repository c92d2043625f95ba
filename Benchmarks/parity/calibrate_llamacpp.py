#!/usr/bin/env python3
"""Noise floor of the llama.cpp parity fixtures: llama.cpp itself, built and run here, against them.

The fixtures in Tests/InferenceTests/Fixtures/llamacpp were made by llama.cpp commit 0c1e57098 (the copy
vendored in llama-cpp-python==0.3.36) in a native AVX-512 build. This script runs the same llama.cpp
commit through llama-cpp-python on this machine with the fixtures' procedure (one batched decode of the
prompt, n_ctx 2048, n_batch 2048, n_ubatch 512, f16 KV cache, flash attention on, greedy argmax over raw
logits fed back one token at a time) and reports how far its logits are from the fixtures. Run it once
against the build pip installed (native, with AVX-512 where the CPU has it) and once against a build
without AVX-512 (LLAMA_CPP_LIB_PATH pointing at its libllama.so folder) to see how much the SIMD width
alone moves llama.cpp's own logits: that spread is the floor our tolerances are stated against.

Usage:
  python3 Benchmarks/parity/calibrate_llamacpp.py --label native --out Benchmarks/results/parity-calibration-native.json
  LLAMA_CPP_LIB_PATH=/tmp/llbuild-avx2/bin python3 Benchmarks/parity/calibrate_llamacpp.py --label avx2 \
      --out Benchmarks/results/parity-calibration-avx2.json
"""
import argparse
import ctypes
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import llama_cpp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dump_llamacpp_tensors import dump  # noqa: E402

MODELS = ["smollm2-135m-instruct-q4_1", "gemma3-270m-q4_k_m", "qwen2.5-coder-0.5b-instruct-q4_k_m"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "llamacpp")


def cpu_summary():
    fields, flags = {}, set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            key = key.strip()
            if key in ("model name", "cpu family", "model") and key not in fields:
                fields[key] = value.strip()
            if key == "flags" and not flags:
                flags = set(value.split())
    simd = sorted(f for f in flags if f.startswith(("avx", "fma", "f16c")))
    return {"cpu": f"{fields.get('model name', '?')} (family {fields.get('cpu family', '?')}, model {fields.get('model', '?')})",
            "simd_flags": simd, "cores": os.cpu_count()}


def last_logits(ctx, n_vocab):
    ptr = llama_cpp.llama_get_logits_ith(ctx, -1)
    return np.ctypeslib.as_array(ptr, shape=(n_vocab,)).astype(np.float32).copy()


def layer_floor(model_id, path):
    """Worst relative row-L2 difference per tensor of the raw0 prefill against PREFIX.layers.json, the
    measure ParityLayerTests uses."""
    ref = json.load(open(os.path.join(FIXTURES, model_id + ".layers.json")))
    tensors = dump(path, ref["prompt_ids"])
    worst = {}
    for t in ref["tensors"]:
        if t["name"] not in tensors:
            continue
        a = tensors[t["name"]]
        rows = a.reshape(-1, a.shape[-1])[-len(t["row_l2"]):].astype(np.float64)
        norms = np.sqrt((rows ** 2).sum(axis=1))
        want = np.array(t["row_l2"])
        worst[t["name"]] = float(np.max(np.abs(norms - want) / np.maximum(want, 1e-6)))
    return {"worst_row_l2_rel": max(worst.values()), "per_tensor": worst}


def run_model(model_id, threads):
    ref = json.load(open(os.path.join(FIXTURES, model_id + ".json")))
    path = os.path.expanduser(f"~/.cache/consilium/models/{model_id}.gguf")
    llm = llama_cpp.Llama(model_path=path, n_ctx=2048, n_batch=2048, n_ubatch=512, flash_attn=True,
                          n_threads=threads, n_threads_batch=threads, verbose=False)
    n_vocab = llm.n_vocab()
    prompts = []
    for r in ref["results"]:
        llm.reset()
        llm.eval(r["prompt_ids"])
        logits = last_logits(llm.ctx, n_vocab)
        top_diffs = [abs(float(logits[int(t)]) - v) for t, v in r["prompt_top_logits"]]
        entry = {"name": r["name"], "prompt_tokens": len(r["prompt_ids"]),
                 "prompt_top10_max_abs_diff": max(top_diffs)}
        if model_id == "smollm2-135m-instruct-q4_1" and r["name"] == "raw0":
            full = np.fromfile(os.path.join(FIXTURES, model_id + ".raw0.logits.f32"), dtype="<f4")
            d = np.abs(logits - full)
            entry["full_vector_max_abs_diff"] = float(d.max())
            entry["full_vector_rms_diff"] = float(np.sqrt(np.mean(d.astype(np.float64) ** 2)))
        step_worst, divergence = 0.0, None
        for step, expected in enumerate(r["generated_ids"]):
            got = int(np.argmax(logits))
            for t, v in r["step_top_logits"][step]:
                step_worst = max(step_worst, abs(float(logits[int(t)]) - v))
            if got != expected:
                top = r["step_top_logits"][step]
                divergence = {"step": step, "chose": got, "reference_chose": expected,
                              "reference_margin": top[0][1] - top[1][1]}
                break
            if step + 1 < len(r["generated_ids"]):
                llm.eval([expected])
                logits = last_logits(llm.ctx, n_vocab)
        entry["steps_compared"] = (divergence["step"] + 1) if divergence else len(r["generated_ids"])
        entry["step_top5_max_abs_diff"] = step_worst
        entry["divergence"] = divergence
        prompts.append(entry)
    llm.close()
    return {"layers": layer_floor(model_id, path), "prompts": prompts,
            "prompt_top10_max_abs_diff": max(p["prompt_top10_max_abs_diff"] for p in prompts),
            "step_top5_max_abs_diff": max(p["step_top5_max_abs_diff"] for p in prompts),
            "divergences": [dict(p["divergence"], prompt=p["name"]) for p in prompts if p["divergence"]]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True, help="name of the llama.cpp build being measured")
    ap.add_argument("--out", required=True)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    system_info = llama_cpp.llama_print_system_info().decode()
    report = {
        "what": "llama.cpp run here vs the committed llama.cpp fixtures (the parity tests' noise floor)",
        "llama_cpp_python": llama_cpp.__version__, "llama_cpp_commit": "0c1e57098",
        "library": os.environ.get("LLAMA_CPP_LIB_PATH", os.path.dirname(llama_cpp.__file__) + "/lib"),
        "label": args.label, "system_info": system_info, "machine": cpu_summary(),
        "python": platform.python_version(), "threads": args.threads,
        "command": " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d"),
        "models": {},
    }
    for m in MODELS:
        report["models"][m] = run_model(m, args.threads)
        r = report["models"][m]
        print(f"{m}: layers worst row-L2 rel {r['layers']['worst_row_l2_rel']:.6f}, "
              f"prompt top-10 max |diff| {r['prompt_top10_max_abs_diff']:.6f}, "
              f"step top-5 max |diff| {r['step_top5_max_abs_diff']:.6f}, divergences {r['divergences']}",
              flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
