#!/usr/bin/env python3
"""Side-by-side throughput of Consilium's inference core and llama.cpp on this machine.

Runs consilium-bench (Sources/ConsiliumBench) and llama_cpp_probe.py (llama-cpp-python==0.3.36,
llama.cpp 0c1e57098) alternately, round after round, on the same GGUF files with the same thread
counts and the same synthetic token ids, so that load from other processes hits both about
equally; then writes Benchmarks/results/inference-DATE[-TAG].md and .json with the ratios, the
commit, the machine and how loaded it was.

Build first: swift build -c release --product consilium-bench
Usage: compare.py [--models a.gguf b.gguf] [--threads 1 2] [--rounds 3] [--repeats 3] [--tag before]
"""
import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
MODELS = os.path.expanduser(os.environ.get("CONSILIUM_MODELS", "~/.cache/consilium/models"))


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def machine():
    lscpu = {}
    for line in sh("lscpu").splitlines():
        key, _, value = line.partition(":")
        lscpu[key.strip()] = value.strip()
    flags = set(lscpu.get("Flags", "").split())
    wanted = ["avx2", "fma", "f16c", "avx_vnni", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16"]
    mem = sh("grep MemTotal /proc/meminfo")
    return {
        "cpu": lscpu.get("Model name", platform.processor()),
        "cpu_family": lscpu.get("CPU family"),
        "cpu_model": lscpu.get("Model"),
        "cores": int(lscpu.get("CPU(s)", "0") or 0),
        "l3": lscpu.get("L3 cache"),
        "flags": {f: f in flags for f in wanted},
        "memory": mem.split(":", 1)[-1].strip(),
        "kernel": platform.release(),
        "swift": sh("swift --version 2>&1 | head -1"),
    }


def commit():
    head = sh(f"git -C {ROOT} rev-parse --short HEAD")
    dirty = sh(f"git -C {ROOT} status --porcelain --untracked-files=no -- Sources Package.swift")
    return head + ("+dirty" if dirty else "")


def run_json(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout)


def stats(samples):
    mean = statistics.fmean(samples)
    sd = statistics.stdev(samples) if len(samples) > 1 else 0.0
    return {"mean": mean, "stddev": sd, "n": len(samples)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--models", nargs="*", default=sorted(glob.glob(os.path.join(MODELS, "*.gguf"))))
    p.add_argument("--threads", nargs="*", type=int, default=[1, 2])
    p.add_argument("--rounds", type=int, default=3, help="alternations of ours and llama.cpp")
    p.add_argument("--repeats", type=int, default=3, help="runs per process (after one warmup)")
    p.add_argument("--prompt", type=int, default=512)
    p.add_argument("--gen", type=int, default=128)
    p.add_argument("--chat", type=int, default=64)
    p.add_argument("--bench", default=os.path.join(ROOT, ".build", "release", "consilium-bench"))
    p.add_argument("--tag", default="", help="suffix of the result file names")
    p.add_argument("--out", default=os.path.join(ROOT, "Benchmarks", "results"))
    p.add_argument("--label", help="what was measured, when --bench is not this checkout's build (e.g. a baseline)")
    p.add_argument("--notes", help="a Markdown file appended to the result as its Notes section")
    a = p.parse_args()
    if not a.models:
        sys.exit(f"no models in {MODELS}; run `consilium models fetch`")
    if not os.path.exists(a.bench):
        sys.exit(f"{a.bench} missing; run: swift build -c release --product consilium-bench")

    common = ["--prompt", str(a.prompt), "--gen", str(a.gen), "--chat", str(a.chat), "--repeats", str(a.repeats)]
    peer = [sys.executable, os.path.join(HERE, "llama_cpp_probe.py")]
    started = datetime.datetime.now()
    loads = [os.getloadavg()[0]]
    rows = []
    for model in a.models:
        name = os.path.basename(model).removesuffix(".gguf")
        for threads in a.threads:
            runs = {"consilium": [], "llama.cpp": []}
            for r in range(a.rounds):
                ours = [a.bench, "--model", model, "--threads", str(threads)] + common
                if r > 0:
                    ours.append("--no-bandwidth")   # measured once per (model, threads)
                theirs = peer + ["--model", model, "--threads", str(threads)] + common
                order = [("consilium", ours), ("llama.cpp", theirs)]
                if r % 2:
                    order.reverse()
                for impl, cmd in order:
                    loads.append(os.getloadavg()[0])
                    runs[impl].append(run_json(cmd))
                    rep = runs[impl][-1]
                    print(f"{name} t={threads} round {r + 1} {impl:9s} pp {rep['prefill']['mean']:7.1f} "
                          f"tg {rep['decode']['mean']:6.1f} load {loads[-1]:.2f}", file=sys.stderr, flush=True)
            rows.append(summarize(name, threads, runs))
    loads.append(os.getloadavg()[0])
    result = {
        "date": started.isoformat(timespec="seconds"),
        "commit": a.label or commit(),
        "machine": machine(),
        "command": " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
        "settings": {"prompt": a.prompt, "gen": a.gen, "chat": a.chat, "rounds": a.rounds, "repeats": a.repeats},
        "load_average_1min": {"min": min(loads), "max": max(loads), "mean": statistics.fmean(loads)},
        "peer": "llama-cpp-python 0.3.36 (llama.cpp 0c1e57098), flash attention, f16 KV cache",
        "rows": rows,
    }
    os.makedirs(a.out, exist_ok=True)
    base = os.path.join(a.out, f"inference-{started.date().isoformat()}" + (f"-{a.tag}" if a.tag else ""))
    with open(base + ".json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    text = markdown(result)
    if a.notes:
        with open(a.notes) as f:
            text += "\n## Notes\n\n" + f.read()
    with open(base + ".md", "w") as f:
        f.write(text)
    print(f"wrote {base}.md and .json", file=sys.stderr)


def summarize(name, threads, runs):
    def pooled(impl, key):
        return stats([s for rep in runs[impl] for s in rep[key]["samples"]])

    def mean_of(impl, key):
        vals = [rep[key] for rep in runs[impl] if rep.get(key) is not None]
        return statistics.fmean(vals) if vals else None

    row = {"model": name, "threads": threads}
    for key in ("prefill", "decode", "prefillPerCPUSecond", "decodePerCPUSecond"):
        ours, theirs = pooled("consilium", key), pooled("llama.cpp", key)
        # Per-round ratios show how much of the spread is load rather than speed.
        per_round = [o[key]["mean"] / t[key]["mean"] for o, t in zip(runs["consilium"], runs["llama.cpp"])]
        row[key] = {"consilium": ours, "llama.cpp": theirs, "ratio": ours["mean"] / theirs["mean"],
                    "ratio_per_round": per_round}
    for key in ("loadMilliseconds", "firstTokenColdMilliseconds", "firstTokenWarmMilliseconds",
                "processStartToFirstTokenMilliseconds", "peakResidentBytes"):
        row[key] = {"consilium": mean_of("consilium", key), "llama.cpp": mean_of("llama.cpp", key)}
    ours = runs["consilium"]
    row["fileBytes"] = ours[0]["fileBytes"]
    row["kvCacheBytes"] = ours[0]["kvCacheBytes"]
    row["weightType"] = ours[0]["weightType"]
    row["weightBytesPerToken"] = ours[0]["weightBytesPerToken"]
    row["readGBps"] = ours[0].get("measuredReadGigabytesPerSecond")
    bpt = row["weightBytesPerToken"]
    row["decodeGBps"] = {impl: bpt * row["decode"][impl]["mean"] / 1e9 for impl in ("consilium", "llama.cpp")}
    row["decodeCeiling"] = row["readGBps"] * 1e9 / bpt if row["readGBps"] else None
    return row


def markdown(res):
    m = res["machine"]
    flags = ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in m["flags"].items())
    la = res["load_average_1min"]
    s = res["settings"]
    out = [f"# Inference throughput: Consilium vs llama.cpp, {res['date'][:10]}", "",
           f"- Commit: `{res['commit']}`",
           f"- Machine: {m['cpu']} (family {m['cpu_family']}, model {m['cpu_model']}), {m['cores']} cores, "
           f"L3 {m['l3']}, {m['memory']} RAM, Linux {m['kernel']}",
           f"- CPU flags: {flags}",
           f"- Toolchain: {m['swift']}",
           f"- Peer: {res['peer']}",
           f"- Command: `{res['command']}`",
           f"- Procedure: llama-bench style, pp{s['prompt']} (one call) and tg{s['gen']} (one token per call) from an "
           f"empty cache, synthetic token ids shared by both, one warmup run per process; {s['rounds']} rounds "
           f"alternating the two engines (order swapped every round), {s['repeats']} repeats per process; "
           "mean ± sample stddev over all repeats.",
           f"- Machine load while measuring (1-minute load average, 2 cores): min {la['min']:.2f}, "
           f"mean {la['mean']:.2f}, max {la['max']:.2f}. Other work was running when it is above ~0.5: "
           "read the ratios (both engines saw the same load) more than the absolute speeds.",
           "", "## Tokens per second", "",
           "| model | threads | prefill ours | prefill llama.cpp | ratio | decode ours | decode llama.cpp | ratio |",
           "|---|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        pp, tg = r["prefill"], r["decode"]
        out.append(f"| {r['model']} | {r['threads']} | {pp['consilium']['mean']:.1f} ± {pp['consilium']['stddev']:.1f} | "
                   f"{pp['llama.cpp']['mean']:.1f} ± {pp['llama.cpp']['stddev']:.1f} | **{pp['ratio']:.2f}** | "
                   f"{tg['consilium']['mean']:.1f} ± {tg['consilium']['stddev']:.1f} | "
                   f"{tg['llama.cpp']['mean']:.1f} ± {tg['llama.cpp']['stddev']:.1f} | **{tg['ratio']:.2f}** |")
    out += ["", "Tokens per CPU second of the whole process (spin-waiting threads included). With 1 thread this "
            "is the speed on a dedicated core and far less disturbed by other processes than the wall-clock figures "
            "above; with 2 threads it measures efficiency, not speed.", "",
            "| model | threads | prefill/CPU-s ours | llama.cpp | ratio | decode/CPU-s ours | llama.cpp | ratio |",
            "|---|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        pp, tg = r["prefillPerCPUSecond"], r["decodePerCPUSecond"]
        out.append(f"| {r['model']} | {r['threads']} | {pp['consilium']['mean']:.1f} ± {pp['consilium']['stddev']:.1f} | "
                   f"{pp['llama.cpp']['mean']:.1f} ± {pp['llama.cpp']['stddev']:.1f} | **{pp['ratio']:.2f}** | "
                   f"{tg['consilium']['mean']:.1f} ± {tg['consilium']['stddev']:.1f} | "
                   f"{tg['llama.cpp']['mean']:.1f} ± {tg['llama.cpp']['stddev']:.1f} | **{tg['ratio']:.2f}** |")
    out += ["", "Per-round ratios (ours / llama.cpp), prefill; decode:", ""]
    for r in res["rows"]:
        f = lambda xs: ", ".join(f"{x:.2f}" for x in xs)
        out.append(f"- {r['model']} t={r['threads']}: {f(r['prefill']['ratio_per_round'])}; "
                   f"{f(r['decode']['ratio_per_round'])}")
    out += ["", "## Start-up, memory and decode traffic", "",
            "| model | threads | load ms ours / llama.cpp | first token cold ms | first token warm ms | "
            "process start to first token ms | peak RSS MB | file MB | KV MB (ours) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        def pair(key, scale=1.0, fmt="{:.0f}"):
            o, t = r[key]["consilium"], r[key]["llama.cpp"]
            show = lambda v: "n/a" if v is None else fmt.format(v * scale)
            return f"{show(o)} / {show(t)}"
        out.append(f"| {r['model']} | {r['threads']} | {pair('loadMilliseconds')} | {pair('firstTokenColdMilliseconds')} | "
                   f"{pair('firstTokenWarmMilliseconds')} | {pair('processStartToFirstTokenMilliseconds')} | "
                   f"{pair('peakResidentBytes', 1e-6)} | {r['fileBytes'] / 1e6:.0f} | {r['kvCacheBytes'] / 1e6:.1f} |")
    out += ["", "First token: a 64-token prompt from an empty cache through the argmax of its logits; cold is the first "
            "evaluation after load (weights still being faulted in from the page cache). Process start to first token "
            "includes, for llama.cpp, starting Python and importing llama_cpp and numpy; peak RSS for llama.cpp includes "
            "the Python interpreter (~30 MB).", "",
            "| model | threads | weight type | weight bytes/token | decode GB/s ours | decode GB/s llama.cpp | "
            "measured read GB/s | decode ceiling tok/s |",
            "|---|---|---|---|---|---|---|---|"]
    for r in res["rows"]:
        rb = f"{r['readGBps']:.1f}" if r["readGBps"] else "n/a"
        ce = f"{r['decodeCeiling']:.0f}" if r["decodeCeiling"] else "n/a"
        out.append(f"| {r['model']} | {r['threads']} | {r['weightType']} | {r['weightBytesPerToken'] / 1e6:.1f} MB | "
                   f"{r['decodeGBps']['consilium']:.1f} | {r['decodeGBps']['llama.cpp']:.1f} | {rb} | {ce} |")
    out += ["", "Weight bytes per token: every matrix of every block, the output head and one embedding row "
            "(what one decoded token must read); read GB/s: consilium-bench's STREAM-like read of 512 MiB with the "
            "same thread count.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
