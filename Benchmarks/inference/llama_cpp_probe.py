#!/usr/bin/env python3
"""llama.cpp's side of the throughput comparison: the measurement consilium-bench makes, through
llama-cpp-python's low-level API (the llama.cpp build vendored in llama-cpp-python==0.3.36,
commit 0c1e57098), printed as one JSON object with the same field names.

Like llama-bench: synthetic token ids (the LCG of Sources/Inference/Bench/SyntheticTokens.swift,
so both engines see the same ids), a fresh KV cache per run, one warmup prompt run and one warmup
generated token, then `repeats` runs of a `prompt`-token prompt in one llama_decode (pp) and of
`gen` tokens one llama_decode each (tg). Flash attention on and an f16 KV cache, as the
reference outputs in ../shared/data/reference/llamacpp were made.

Usage: llama_cpp_probe.py --model PATH [--threads N] [--prompt 512] [--gen 128] [--repeats 5]
                          [--chat 64] [--seed 1]
"""
import argparse
import ctypes
import json
import os
import resource
import sys
import time

import numpy as np
import llama_cpp
from llama_cpp import llama_cpp as ll

MASK64 = (1 << 64) - 1


def synthetic_tokens(seed, vocab):
    """Yields the ids of SyntheticTokens.swift: a 64-bit LCG, high 31 bits modulo the vocabulary."""
    state = seed & MASK64
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK64
        yield (state >> 33) % vocab


def take(gen, n):
    return [next(gen) for _ in range(n)]


def rate(samples):
    n = len(samples)
    mean = sum(samples) / n if n else 0.0
    var = sum((x - mean) ** 2 for x in samples) / (n - 1) if n > 1 else 0.0
    return {"mean": mean, "stddev": var ** 0.5, "samples": samples}


def seconds_since_process_start():
    """Like MonotonicClock.secondsSinceProcessStart: /proc/self/stat start time vs CLOCK_BOOTTIME."""
    try:
        with open("/proc/self/stat") as f:
            line = f.read()
        fields = line[line.rindex(")") + 2:].split()
        ticks = float(fields[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Engine:
    def __init__(self, path, threads, context):
        ll.llama_backend_init()
        mparams = ll.llama_model_default_params()
        self.model = ll.llama_model_load_from_file(path.encode(), mparams)
        if not self.model:
            raise RuntimeError(f"{path}: llama.cpp could not load the model")
        cparams = ll.llama_context_default_params()
        cparams.n_ctx = context
        cparams.n_batch = 512
        cparams.n_ubatch = 512
        cparams.n_threads = threads
        cparams.n_threads_batch = threads
        cparams.flash_attn_type = ll.LLAMA_FLASH_ATTN_TYPE_ENABLED
        cparams.type_k = 1  # GGML_TYPE_F16
        cparams.type_v = 1
        cparams.no_perf = True
        self.ctx = ll.llama_init_from_model(self.model, cparams)
        if not self.ctx:
            raise RuntimeError(f"{path}: llama.cpp could not create a context")
        self.vocab_size = ll.llama_vocab_n_tokens(ll.llama_model_get_vocab(self.model))
        self.memory = ll.llama_get_memory(self.ctx)

    def clear(self):
        ll.llama_memory_clear(self.memory, True)

    def decode(self, ids):
        """Appends `ids` in one llama_decode (logits of the last token only) and waits for it."""
        arr = (ll.llama_token * len(ids))(*ids)
        rc = ll.llama_decode(self.ctx, ll.llama_batch_get_one(arr, len(ids)))
        if rc != 0:
            raise RuntimeError(f"llama_decode returned {rc} for {len(ids)} tokens")
        ll.llama_synchronize(self.ctx)

    def first_token(self, ids):
        self.clear()
        self.decode(ids)
        logits = ll.llama_get_logits_ith(self.ctx, -1)
        return int(np.argmax(np.ctypeslib.as_array(logits, shape=(self.vocab_size,))))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--prompt", type=int, default=512)
    p.add_argument("--gen", type=int, default=128)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--chat", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    context = max(a.prompt, a.gen, a.chat)
    t0 = time.perf_counter()
    engine = Engine(a.model, a.threads, context)
    load = time.perf_counter() - t0

    ids = synthetic_tokens(a.seed, engine.vocab_size)
    chat = take(ids, a.chat)
    t0 = time.perf_counter()
    engine.first_token(chat)
    cold = time.perf_counter() - t0
    since_start = seconds_since_process_start()

    prompt = take(ids, a.prompt)
    generated = take(ids, a.gen)
    engine.clear()
    engine.decode(prompt)
    engine.clear()
    engine.decode(generated[:1])

    prefill, decode, warm, prefill_cpu, decode_cpu = [], [], [], [], []
    for _ in range(a.repeats):
        engine.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        engine.decode(prompt)
        prefill.append(len(prompt) / (time.perf_counter() - t0))
        prefill_cpu.append(len(prompt) / (time.process_time() - c0))

        engine.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        for tok in generated:
            engine.decode([tok])
        decode.append(len(generated) / (time.perf_counter() - t0))
        decode_cpu.append(len(generated) / (time.process_time() - c0))

        t0 = time.perf_counter()
        engine.first_token(chat)
        warm.append(time.perf_counter() - t0)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    report = {
        "implementation": "llama.cpp",
        "llama_cpp_python": llama_cpp.__version__,
        "system_info": ll.llama_print_system_info().decode().strip(),
        "model": a.model,
        "fileBytes": os.path.getsize(a.model),
        "threads": a.threads,
        "promptTokens": a.prompt,
        "generatedTokens": a.gen,
        "repeats": a.repeats,
        "seed": a.seed,
        "prefill": rate(prefill),
        "decode": rate(decode),
        "prefillPerCPUSecond": rate(prefill_cpu),
        "decodePerCPUSecond": rate(decode_cpu),
        "loadMilliseconds": load * 1000,
        "chatPromptTokens": a.chat,
        "firstTokenColdMilliseconds": cold * 1000,
        "firstTokenWarmMilliseconds": sum(warm) / len(warm) * 1000,
        "processStartToFirstTokenMilliseconds": since_start * 1000 if since_start is not None else None,
        "peakResidentBytes": peak,
    }
    json.dump(report, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
