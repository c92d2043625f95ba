#!/usr/bin/env python3
"""Shows which float summation order reproduces llama.cpp's Q4_1 x Q8_1 matrix products bit for bit.

Takes llama.cpp's own input and output of one Q4_1 projection (attn_norm-L and Vcur-L from
dump_llamacpp_tensors.py for SmolLM2) and recomputes the output from the GGUF weights two ways:
- ggml's x86 `ggml_vec_dot_q4_1_q8_1`: one 8-lane fused accumulator over all blocks, the min term
  accumulated as summs = fma(m, s, summs), then hsum_float_8(acc) + summs;
- two accumulator banks (even/odd blocks) and two min sums, combined at the end.
Activations are quantized as ggml's x86 `quantize_row_q8_1` does. Needs gguf-py (in the llama.cpp source).

Usage: python3 Benchmarks/parity/emulate_ggml_q4_1_dot.py MODEL.gguf DUMP.npz [LAYER] [--gguf-py DIR]
"""
import argparse
import sys

import numpy as np

f32 = np.float32


def fma(a, b, c):
    # f32 x f32 is exact in f64; one rounding of the sum to f32 (double rounding is negligible here).
    return f32(np.float64(f32(a)) * np.float64(f32(b)) + np.float64(f32(c)))


def hsum8(a):
    r4 = (a[4:] + a[:4]).astype(f32)
    return f32(f32(r4[0] + r4[2]) + f32(r4[1] + r4[3]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("dump")
    ap.add_argument("layer", nargs="?", type=int, default=0)
    ap.add_argument("--gguf-py", default="/tmp/llsrc/llama_cpp_python-0.3.36/vendor/llama.cpp/gguf-py")
    args = ap.parse_args()
    sys.path.insert(0, args.gguf_py)
    from gguf import GGUFReader

    tensor = next(t for t in GGUFReader(args.model).tensors if t.name == f"blk.{args.layer}.attn_v.weight")
    cols, rows = (int(n) for n in tensor.shape[:2])
    nb = cols // 32
    blocks = np.asarray(tensor.data).view(np.uint8).reshape(rows, nb, 20)
    wd = blocks[:, :, 0:2].copy().view(np.float16).astype(f32)[..., 0]
    wm = blocks[:, :, 2:4].copy().view(np.float16).astype(f32)[..., 0]
    qs = blocks[:, :, 4:20]
    wq = np.concatenate([qs & 15, qs >> 4], axis=2).astype(np.int32)

    dump = np.load(args.dump)
    x = dump[f"attn_norm-{args.layer}"].reshape(-1, cols)
    want = dump[f"Vcur-{args.layer}"].reshape(-1, rows)
    single = banks = 0
    for t in range(len(x)):
        xb = x[t].reshape(nb, 32)
        amax = np.abs(xb).max(axis=1)
        d = (amax / f32(127)).astype(f32)
        inv = np.where(amax != 0, f32(127) / np.where(amax != 0, amax, 1), f32(0)).astype(f32)
        q = np.rint((xb * inv[:, None]).astype(f32)).astype(np.int32)
        dh = d.astype(np.float16).astype(f32)
        s = (d * q.sum(axis=1).astype(f32)).astype(f32).astype(np.float16).astype(f32)
        for r in range(rows):
            acc = np.zeros(8, f32)
            bank = [np.zeros(8, f32), np.zeros(8, f32)]
            summs, mins = f32(0), [f32(0), f32(0)]
            for b in range(nb):
                d0d1 = f32(wd[r, b] * dh[b])
                xy = (wq[r, b] * q[b]).reshape(8, 4).sum(axis=1).astype(f32)
                acc = np.array([fma(d0d1, xy[i], acc[i]) for i in range(8)], f32)
                summs = fma(wm[r, b], s[b], summs)
                bank[b % 2] = np.array([fma(d0d1, xy[i], bank[b % 2][i]) for i in range(8)], f32)
                mins[b % 2] = f32(mins[b % 2] + f32(wm[r, b] * s[b]))
            single += f32(hsum8(acc) + summs) == want[t, r]
            banks += f32(hsum8((bank[0] + bank[1]).astype(f32)) + f32(mins[0] + mins[1])) == want[t, r]
    total = len(x) * rows
    print(f"layer {args.layer} attn_v, {total} outputs equal to llama.cpp's: ggml order {single}, two banks {banks}")


if __name__ == "__main__":
    main()
