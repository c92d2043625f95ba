#!/usr/bin/env python3
"""Writes Tests/InferenceTests/Fixtures/llamacpp/ops: llama.cpp's inputs and outputs of single operations.

ParityOpsTests feeds llama.cpp's own inputs to our attention (both of ggml's paths), RoPE (both styles),
SwiGLU and GeGLU and requires llama.cpp's outputs bit for bit. The end-to-end parity tests cannot see a
difference that small (the kernels' summation order hides it), so these keep the rounding points pinned.

Tensors come from llama.cpp 0c1e57098 through llama-cpp-python 0.3.36 (native AVX-512 build, which reproduces
the parity fixtures bit for bit), layer 0 of prompts raw0 (and raw4 for the >= 64-token attention path).
Files are little-endian f32, or f16 for keys and values (what the f16 cache holds); shapes are in ops.json.

Usage: python3 Benchmarks/parity/make_op_fixtures.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dump_llamacpp_tensors import dump  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "llamacpp")
OUT = os.path.join(FIXTURES, "ops")
MODELS = os.path.expanduser("~/.cache/consilium/models")


def prompt(model_id, name):
    ref = json.load(open(os.path.join(FIXTURES, model_id + ".json")))
    return next(r for r in ref["results"] if r["name"] == name)["prompt_ids"]


def save(name, array, dtype):
    np.ascontiguousarray(array, dtype=dtype).astype(dtype.newbyteorder("<")).tofile(os.path.join(OUT, name))
    return name


def attention_case(label, t, model, heads, kv_heads, width, rows, q_key, k_key, v_key, q_scale=1.0, scale=None):
    n = t["embd"].reshape(-1, t["embd"].shape[-1]).shape[0]
    q = t[q_key].reshape(n, heads * width)[rows] * np.float32(q_scale)
    out = t["kqv_out-0"].reshape(n, heads * width)[rows]
    return {
        "op": "attention", "name": label, "model": model, "tokens": n, "rows": rows,
        "heads": heads, "kv_heads": kv_heads, "width": width,
        "scale": scale if scale is not None else 1 / np.sqrt(width),
        "path": "tiled" if n >= 64 else "vector",
        "q": save(f"{label}.q.f32", q, np.dtype(np.float32)),
        "k": save(f"{label}.k.f16", t[k_key].reshape(n, kv_heads * width).astype(np.float16), np.dtype(np.float16)),
        "v": save(f"{label}.v.f16", t[v_key].reshape(n, kv_heads * width).astype(np.float16), np.dtype(np.float16)),
        "out": save(f"{label}.out.f32", out, np.dtype(np.float32)),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    smol, gemma, qwen = ("smollm2-135m-instruct-q4_1", "gemma3-270m-q4_k_m", "qwen2.5-coder-0.5b-instruct-q4_k_m")
    cases = []

    t = dump(os.path.join(MODELS, smol + ".gguf"), prompt(smol, "raw0"))
    cases.append(attention_case("attention-smollm2-raw0", t, smol, 9, 3, 64, list(range(5)), "Qcur-0#3",
                                "Kcur-0#3", "Vcur-0"))
    cases.append({"op": "rope", "name": "rope-smollm2-raw0", "model": smol, "style": "adjacentPairs", "base": 100000.0,
                  "tokens": 5, "heads": 9, "width": 64,
                  "in": save("rope-smollm2-raw0.in.f32", t["Qcur-0#2"].reshape(5, -1), np.dtype(np.float32)),
                  "out": save("rope-smollm2-raw0.out.f32", t["Qcur-0#3"].reshape(5, -1), np.dtype(np.float32))})
    cases.append({"op": "swiglu", "name": "swiglu-smollm2-raw0", "model": smol, "row_count": 2, "width": 1536,
                  "gate": save("swiglu-smollm2-raw0.gate.f32", t["ffn_gate-0"].reshape(5, -1)[-2:], np.dtype(np.float32)),
                  "up": save("swiglu-smollm2-raw0.up.f32", t["ffn_up-0"].reshape(5, -1)[-2:], np.dtype(np.float32)),
                  "out": save("swiglu-smollm2-raw0.out.f32", t["ffn_swiglu-0"].reshape(5, -1)[-2:], np.dtype(np.float32))})

    t = dump(os.path.join(MODELS, smol + ".gguf"), prompt(smol, "raw4"))
    cases.append(attention_case("attention-smollm2-raw4", t, smol, 9, 3, 64, [0, 1, 63, 64, 100, 138], "Qcur-0#3",
                                "Kcur-0#3", "Vcur-0"))

    t = dump(os.path.join(MODELS, gemma + ".gguf"), prompt(gemma, "raw0"))
    # Gemma 3: llama.cpp multiplies the query by 1/sqrt(256) before attention and passes scale 1.
    cases.append(attention_case("attention-gemma3-raw0", t, gemma, 4, 1, 256, list(range(6)), "Qcur-0#3",
                                "Kcur-0#3", "Vcur-0", q_scale=0.0625, scale=1.0))
    n = t["ffn_gate-0"].reshape(-1, 2048).shape[0]
    cases.append({"op": "geglu", "name": "geglu-gemma3-raw0", "model": gemma, "row_count": 2, "width": 2048,
                  "gate": save("geglu-gemma3-raw0.gate.f32", t["ffn_gate-0"].reshape(n, -1)[-2:], np.dtype(np.float32)),
                  "up": save("geglu-gemma3-raw0.up.f32", t["ffn_up-0"].reshape(n, -1)[-2:], np.dtype(np.float32)),
                  "out": save("geglu-gemma3-raw0.out.f32", t["ffn_geglu-0"].reshape(n, -1)[-2:], np.dtype(np.float32))})

    t = dump(os.path.join(MODELS, qwen + ".gguf"), prompt(qwen, "raw0"))
    cases.append({"op": "rope", "name": "rope-qwen25-raw0", "model": qwen, "style": "halves", "base": 1000000.0,
                  "tokens": 5, "heads": 14, "width": 64,
                  "in": save("rope-qwen25-raw0.in.f32", t["Qcur-0#3"].reshape(5, -1), np.dtype(np.float32)),
                  "out": save("rope-qwen25-raw0.out.f32", t["Qcur-0#4"].reshape(5, -1), np.dtype(np.float32))})
    cases.append(attention_case("attention-qwen25-raw0", t, qwen, 14, 2, 64, list(range(5)), "Qcur-0#4",
                                "Kcur-0#4", "Vcur-0#2"))

    meta = {"source": "llama.cpp 0c1e57098 via llama-cpp-python 0.3.36 (native AVX-512 build), layer 0, "
                      "by Benchmarks/parity/make_op_fixtures.py", "cases": cases}
    with open(os.path.join(OUT, "ops.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
