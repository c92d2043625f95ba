#!/usr/bin/env python3
"""llama.cpp's log-likelihoods of continuations, the reference for ContinuationScorer (exam mode a).

For each (context, continuation) text pair: tokenize as lm-evaluation-harness does (trailing whitespace
of the context moved to the continuation; context + continuation tokenized together; the
continuation is the tail beyond the context's token count), run context + continuation through
llama.cpp in one batch with logits for every position, and record each continuation token's
log-softmax probability (float64 log-sum-exp over the vocabulary).

llama.cpp is the copy vendored in llama-cpp-python==0.3.36 (commit 0c1e57098), native build, flash
attention on and an f16 KV cache, 2 threads: the settings of Tests/InferenceTests/Fixtures/llamacpp.

The pairs are the texts of ContinuationScorerTests plus the first MMLU anatomy test item of
Benchmarks/exams, rendered zero-shot in ExamPrompt's layout (version 1) with each option as the
continuation.

Usage: llamacpp_loglik.py --model PATH --out Tests/InferenceTests/Fixtures/llamacpp/smollm2-135m-instruct-q4_1.loglik.json
"""
import argparse
import csv
import json
import os

import numpy as np
import llama_cpp

SHORT = "The capital of France is"
LONG = "The liver makes bile, which helps digest fat. " * 8 + "Question: Which organ makes bile?\nAnswer:"
CONTINUATIONS = [" Paris", " a city in Europe.", " London", " the liver"]
HERE = os.path.dirname(os.path.abspath(__file__))


def mmlu_pair_texts():
    """The first anatomy test row, as ExamPrompt.render(item, mode: .likelihood) lays it out."""
    with open(os.path.join(HERE, "mmlu_medical", "test", "anatomy_test.csv"), newline="") as f:
        row = next(csv.reader(f))
    question, options = row[0], row[1:5]
    text = "The following are multiple choice questions (with answers) about anatomy.\n\n" + question + "\n"
    for letter, option in zip("ABCD", options):
        text += f"{letter}. {option}\n"
    return text + "Answer:", [" " + o for o in options]


def encode_pair(llm, context, continuation):
    spaces = len(context) - len(context.rstrip())
    if spaces:
        continuation = context[-spaces:] + continuation
        context = context[:-spaces]
    tok = lambda s: llm.tokenize(s.encode(), add_bos=True, special=False)
    whole, ctx = tok(context + continuation), tok(context)
    return ctx, whole[len(ctx):], whole[: len(ctx)] == ctx


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    llm = llama_cpp.Llama(model_path=args.model, n_ctx=1024, n_batch=1024, logits_all=True, flash_attn=True,
                          n_threads=args.threads, verbose=False)
    mmlu_context, mmlu_continuations = mmlu_pair_texts()
    pairs = [(c, x) for c in (SHORT, LONG) for x in CONTINUATIONS] + [(mmlu_context, x) for x in mmlu_continuations]
    cases = []
    for context, continuation in pairs:
        ctx, cont, clean = encode_pair(llm, context, continuation)
        llm.reset()
        llm.eval(ctx + cont)
        logits = np.asarray(llm.scores[: len(ctx) + len(cont)], dtype=np.float64)
        logprobs = []
        for j, token in enumerate(cont):
            row = logits[len(ctx) - 1 + j]
            top = row.max()
            logprobs.append(float(row[token] - top - np.log(np.exp(row - top).sum())))
        cases.append({"context": context, "continuation": continuation, "context_tokens": ctx,
                      "continuation_tokens": cont, "clean_boundary": clean, "token_logprobs": logprobs,
                      "loglikelihood": sum(logprobs)})
    out = {"source": "Benchmarks/exams/llamacpp_loglik.py", "llama_cpp_python": llama_cpp.__version__,
           "model": os.path.basename(args.model), "threads": args.threads, "flash_attn": True, "cases": cases}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
