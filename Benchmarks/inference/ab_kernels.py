#!/usr/bin/env python3
"""Two consilium-bench builds (old and new kernels) and llama.cpp, interleaved on one model, for a
kernel change on a shared machine: each round runs the three in a rotated order, and the report
gives per-round ratios new/old and new/llama.cpp (tokens/s of wall time and per CPU second), whose
medians are steadier than absolute speeds under load.

Usage: python3 Benchmarks/inference/ab_kernels.py OLD_BENCH NEW_BENCH [--model M.gguf] [--threads 2]
       [--rounds 4] [--repeats 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/consilium/models/smollm2-135m-instruct-q4_1.gguf"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    common = ["--model", a.model, "--threads", str(a.threads), "--repeats", str(a.repeats)]
    cmds = {
        "old": [a.old] + common + ["--no-bandwidth"],
        "new": [a.new] + common + ["--no-bandwidth"],
        "llama.cpp": [sys.executable, os.path.join(HERE, "llama_cpp_probe.py")] + common,
    }
    keys = [("prefill", "prefill"), ("decode", "decode"), ("prefill/cpu-s", "prefillPerCPUSecond"),
            ("decode/cpu-s", "decodePerCPUSecond")]
    rounds = []
    names = list(cmds)
    for r in range(a.rounds):
        order = names[r % 3:] + names[:r % 3]
        got = {}
        for name in order:
            rep = run(cmds[name])
            got[name] = {k: rep[f]["mean"] for k, f in keys}
            print(f"round {r + 1} {name:9s} " + " ".join(f"{k} {v:7.1f}" for k, v in got[name].items())
                  + f" load {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
        rounds.append(got)
    print(f"model {os.path.basename(a.model)}, {a.threads} threads, {a.rounds} rounds x {a.repeats} repeats")
    for k, _ in keys:
        new_old = [g["new"][k] / g["old"][k] for g in rounds]
        new_llama = [g["new"][k] / g["llama.cpp"][k] for g in rounds]
        old_llama = [g["old"][k] / g["llama.cpp"][k] for g in rounds]
        print(f"{k:14s} new/old median {statistics.median(new_old):.3f} {['%.2f' % x for x in new_old]}  "
              f"new/llama.cpp {statistics.median(new_llama):.3f}  old/llama.cpp {statistics.median(old_llama):.3f}")


if __name__ == "__main__":
    main()
