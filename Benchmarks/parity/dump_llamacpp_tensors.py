#!/usr/bin/env python3
"""Dumps llama.cpp's intermediate f32 tensors (full values) for a prompt, for bit-level comparison with ours.

llama.cpp's graph evaluation callback is asked for every tensor; each f32 one is copied out and saved in
an .npz under its graph name ("attn_norm-3", "kqv_out-3", ...); a name seen twice gets "#2", "#3".
Then, optionally, the continuation tokens are decoded one at a time (same procedure as the fixtures),
their tensors saved with the prefix "stepN/".

Usage:
  python3 Benchmarks/parity/dump_llamacpp_tensors.py MODEL.gguf OUT.npz 504,3575,282,4649,314 [--steps 3,4]
"""
import argparse
import ctypes
import sys

import numpy as np
import llama_cpp


class GGMLTensor(ctypes.Structure):
    # ggml.h at llama.cpp 0c1e57098 (GGML_MAX_DIMS 4, GGML_MAX_OP_PARAMS 64, GGML_MAX_SRC 10, GGML_MAX_NAME 64)
    _fields_ = [("type", ctypes.c_int), ("buffer", ctypes.c_void_p),
                ("ne", ctypes.c_int64 * 4), ("nb", ctypes.c_size_t * 4), ("op", ctypes.c_int),
                ("op_params", ctypes.c_int32 * 16), ("flags", ctypes.c_int32),
                ("src", ctypes.c_void_p * 10), ("view_src", ctypes.c_void_p), ("view_offs", ctypes.c_size_t),
                ("data", ctypes.c_void_p), ("name", ctypes.c_char * 64), ("extra", ctypes.c_void_p),
                ("padding", ctypes.c_char * 8)]


def dump(model_path, tokens, steps=(), threads=2):
    """Decodes `tokens` in one batch, then `steps` one by one; returns {name: f32 array} as described above."""
    saved = {}
    prefix = [""]

    @llama_cpp.ggml_backend_sched_eval_callback
    def callback(tensor_ptr, ask, user_data):
        t = GGMLTensor.from_address(tensor_ptr)
        if ask:
            return True
        name = t.name.decode(errors="replace")
        if t.type != 0 or not t.data:  # GGML_TYPE_F32 only
            return True
        ne = [t.ne[i] for i in range(4)]
        nb = [t.nb[i] for i in range(4)]
        span = sum((ne[i] - 1) * nb[i] for i in range(4)) + 4
        raw = ctypes.string_at(t.data, span)
        arr = np.lib.stride_tricks.as_strided(np.frombuffer(raw, dtype=np.float32),
                                              shape=ne[::-1], strides=nb[::-1]).copy()
        key = prefix[0] + name
        k, n = key, 1
        while k in saved:
            n += 1
            k = f"{key}#{n}"
        saved[k] = arr
        return True

    llama_cpp.llama_backend_init()
    mparams = llama_cpp.llama_model_default_params()
    model = llama_cpp.llama_model_load_from_file(model_path.encode(), mparams)
    cparams = llama_cpp.llama_context_default_params()
    cparams.n_ctx, cparams.n_batch, cparams.n_ubatch = 2048, 2048, 512
    cparams.n_threads = cparams.n_threads_batch = threads
    cparams.flash_attn_type = llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED
    cparams.cb_eval = callback
    cparams.cb_eval_user_data = None
    ctx = llama_cpp.llama_init_from_model(model, cparams)

    def decode(ids, first):
        batch = llama_cpp.llama_batch_init(len(ids), 0, 1)
        batch.n_tokens = len(ids)
        for i, tok in enumerate(ids):
            batch.token[i] = tok
            batch.pos[i] = first + i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = i == len(ids) - 1
        rc = llama_cpp.llama_decode(ctx, batch)
        llama_cpp.llama_batch_free(batch)
        if rc != 0:
            raise RuntimeError(f"llama_decode returned {rc}")

    try:
        decode(list(tokens), 0)
        for i, tok in enumerate(steps):
            prefix[0] = f"step{i}/"
            decode([tok], len(tokens) + i)
    finally:
        llama_cpp.llama_free(ctx)
        llama_cpp.llama_model_free(model)
    return saved


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("tokens", help="comma-separated prompt token ids")
    ap.add_argument("--steps", default="", help="comma-separated tokens to decode one by one after the prompt")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    tokens = [int(t) for t in args.tokens.split(",")]
    steps = [int(t) for t in args.steps.split(",") if t]
    saved = dump(args.model, tokens, steps, args.threads)
    np.savez(args.out, **saved)
    print(f"saved {len(saved)} tensors to {args.out}")


if __name__ == "__main__":
    main()
