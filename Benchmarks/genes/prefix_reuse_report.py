#!/usr/bin/env python3
"""Summarize a prefix_reuse_bench.sh run: per-module wall and CPU seconds of both configurations,
totals and ratios over the modules both finished, the stored calls' token counts, and whether the
two configurations gave the same answer to each call (matched by module, step and item).

Usage: python3 Benchmarks/genes/prefix_reuse_report.py OUT_DIR [GENERATION_LOG_DIR]
GENERATION_LOG_DIR holds CONSILIUM_GENERATION_LOG files named MODULE-CONFIG.jsonl, if any were written
(OUT_DIR/generation with GENERATION_LOGS=1); only modules both configurations finished are counted.
Standard library only; prints Markdown.
"""
import csv
import json
import os
import sqlite3
import sys


def runs(out):
    with open(os.path.join(out, "runs.tsv"), newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by_module = {}
    for row in rows:
        if not row["run_id"]:
            continue  # a run that printed no summary (failed or cut off)
        by_module.setdefault(row["module"], {})[row["config"]] = row
    return {m: c for m, c in by_module.items() if "off" in c and "on" in c}


def calls(db, run_id):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT step_name, item_key, messages_json, raw_output, prompt_tokens, completion_tokens, latency_ms, outcome"
        " FROM calls WHERE run_id = ? AND cache_hit = 0", (run_id,)).fetchall()
    con.close()
    return {(r[0], r[1]): r[2:] for r in rows}


def cpu(row):
    return float(row["user_s"]) + float(row["sys_s"])


def main():
    out = sys.argv[1]
    logs = sys.argv[2] if len(sys.argv) > 2 else None
    done = runs(out)
    order = sorted(done, key=lambda m: min(int(done[m][c]["order"]) for c in ("off", "on")))
    print("| module | genes | calls | first | wall off (s) | wall on (s) | wall on/off | CPU off (s) | CPU on (s) | CPU on/off |"
          " completion tokens off | on | answers identical |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    total = {"wall_off": 0.0, "wall_on": 0.0, "cpu_off": 0.0, "cpu_on": 0.0, "calls": 0, "same": 0, "compared": 0,
             "differ": 0, "prompt_changed": 0, "comp_off": 0, "comp_on": 0, "prompt_off": 0, "prompt_on": 0,
             "lat_off": 0.0, "lat_on": 0.0}
    first_diff = {}
    for m in order:
        off, on = done[m]["off"], done[m]["on"]
        a = calls(os.path.join(out, "off.sqlite"), off["run_id"])
        b = calls(os.path.join(out, "on.sqlite"), on["run_id"])
        same = differ = changed = 0
        for key in sorted(set(a) & set(b), key=lambda k: ({"themes": 0, "scores": 1, "claims": 2}.get(k[0], 3), int(k[1]) if k[1].isdigit() else k[1])):
            if a[key][0] != b[key][0]:
                changed += 1  # the prompt itself differs: an earlier answer it quotes differed
            elif a[key][1] == b[key][1]:
                same += 1
            else:
                differ += 1
                first_diff.setdefault(m, key)
        comp_off = sum(r[3] or 0 for r in a.values())
        comp_on = sum(r[3] or 0 for r in b.values())
        total["prompt_off"] += sum(r[2] or 0 for r in a.values())
        total["prompt_on"] += sum(r[2] or 0 for r in b.values())
        total["lat_off"] += sum(r[4] for r in a.values()) / 1000
        total["lat_on"] += sum(r[4] for r in b.values()) / 1000
        wall_off, wall_on = float(off["wall_s"]), float(on["wall_s"])
        first = "off" if int(off["order"]) < int(on["order"]) else "on"
        print(f"| {m} | {off['genes']} | {off['calls']} / {on['calls']} | {first} | {wall_off:.0f} | {wall_on:.0f} | {wall_on / wall_off:.3f} |"
              f" {cpu(off):.0f} | {cpu(on):.0f} | {cpu(on) / cpu(off):.3f} | {comp_off} | {comp_on} |"
              f" {same} of {same + differ + changed} ({differ} differ, {changed} with a changed prompt) |")
        total["wall_off"] += wall_off
        total["wall_on"] += wall_on
        total["cpu_off"] += cpu(off)
        total["cpu_on"] += cpu(on)
        total["calls"] += int(off["calls"])
        total["same"] += same
        total["differ"] += differ
        total["prompt_changed"] += changed
        total["comp_off"] += comp_off
        total["comp_on"] += comp_on
    t = total
    if order:
        print(f"| **total ({len(order)} modules)** | | {t['calls']} | | {t['wall_off']:.0f} | {t['wall_on']:.0f} |"
              f" **{t['wall_on'] / t['wall_off']:.3f}** | {t['cpu_off']:.0f} | {t['cpu_on']:.0f} | **{t['cpu_on'] / t['cpu_off']:.3f}** |"
              f" {t['comp_off']} | {t['comp_on']} | {t['same']} of {t['same'] + t['differ'] + t['prompt_changed']} |")
        print()
        print(f"Speed-up (off / on): wall {t['wall_off'] / t['wall_on']:.3f}x, CPU {t['cpu_off'] / t['cpu_on']:.3f}x."
              f" Prompt tokens stored: off {t['prompt_off']}, on {t['prompt_on']}; completion tokens: off {t['comp_off']},"
              f" on {t['comp_on']}. Sum of call latencies: off {t['lat_off']:.0f} s, on {t['lat_on']:.0f} s.")
        print(f"Answers: {t['same']} identical, {t['differ']} differ with the same prompt, {t['prompt_changed']} had a"
              f" different prompt (downstream of a differing answer).")
        for m, key in first_diff.items():
            print(f"- {m}: first differing answer at step {key[0]}, item {key[1]}")
    if logs:
        print()
        print("| config | calls | prompt tokens | shared with cache | reused | evaluated | prompt s | generated | decode s | of which choosing tokens s | call s |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        sums = {}
        for config in ("off", "on"):
            lines = []
            for name in sorted(os.listdir(logs)):
                if name.endswith(f"-{config}.jsonl") and name[:-len(f"-{config}.jsonl")] in done:
                    with open(os.path.join(logs, name)) as f:
                        lines += [json.loads(line) for line in f if line.strip()]
            if not lines:
                continue
            s = {k: sum(x[k] for x in lines) for k in ("prompt_tokens", "shared_with_cache", "reused_tokens", "evaluated_tokens",
                                                        "prompt_seconds", "generated_tokens", "generation_seconds",
                                                        "sampling_seconds", "seconds")}
            sums[config] = s
            print(f"| {config} | {len(lines)} | {s['prompt_tokens']} | {s['shared_with_cache']} | {s['reused_tokens']} |"
                  f" {s['evaluated_tokens']} | {s['prompt_seconds']:.1f} | {s['generated_tokens']} | {s['generation_seconds']:.1f} |"
                  f" {s['sampling_seconds']:.1f} | {s['seconds']:.1f} |")
        if "off" in sums and "on" in sums:
            off, on = sums["off"], sums["on"]
            saved = off["prompt_seconds"] - on["prompt_seconds"]
            print()
            print(f"Prompt seconds saved by reuse: {saved:.1f} of {off['seconds']:.1f} call seconds without it"
                  f" ({100 * saved / off['seconds']:.1f}%); reused {100 * on['reused_tokens'] / on['prompt_tokens']:.1f}% of the"
                  f" prompt tokens ({100 * on['reused_tokens'] / max(1, on['shared_with_cache']):.1f}% of those shared with the cache)."
                  f" Share of the call seconds without reuse: prompt {100 * off['prompt_seconds'] / off['seconds']:.1f}%,"
                  f" decode {100 * off['generation_seconds'] / off['seconds']:.1f}% (choosing tokens"
                  f" {100 * off['sampling_seconds'] / off['seconds']:.1f}%). Decode seconds off {off['generation_seconds']:.1f},"
                  f" on {on['generation_seconds']:.1f} for {off['generated_tokens']} and {on['generated_tokens']} tokens.")


if __name__ == "__main__":
    main()
