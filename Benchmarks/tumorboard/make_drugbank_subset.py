#!/usr/bin/env python3
"""Writes drugbank-subset.csv: the rows of the DrugBank open vocabulary (CC0) that any drug name
in Benary et al.'s options, the alias table's targets or the knowledge-base test fixture could
resolve to, so tests in CI (which has only the repository) see the same resolutions as the full
3 MB vocabulary. DrugNormalizationTests checks that claim against the full file when present.

usage: python3 make_drugbank_subset.py [path/to/drugbank_vocabulary.csv]
(default: ../shared/data/kb/drugbank_open_vocabulary/drugbank_vocabulary.csv from the repository root)
"""
import csv
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "kb", "drugbank_open_vocabulary", "drugbank_vocabulary.csv")

# Drugs the KB fixture (Tests/OncologyTests/Fixtures/moalmanac-fixture.json) and the tests name.
FIXTURE_DRUGS = """vemurafenib dabrafenib trametinib cobimetinib encorafenib binimetinib osimertinib erlotinib gefitinib
afatinib dacomitinib sotorasib adagrasib olaparib niraparib rucaparib talazoparib larotrectinib entrectinib pembrolizumab
nivolumab ipilimumab alpelisib fulvestrant capmatinib tepotinib pemigatinib futibatinib erdafitinib infigratinib imatinib
crizotinib selpercatinib tipifarnib cetuximab panitumumab savolitinib amivantamab trastuzumab""".split()
FIXTURE_DRUGS += ["trastuzumab deruxtecan", "hydroxychloroquine"]

SEPARATORS = [" and ", " plus ", " + ", ", ", " with ", " \u2013 ", " & "]
SALTS = {"mesylate", "mesilate", "malate", "maleate", "hydrochloride", "dihydrochloride", "sulfate", "tosylate", "citrate",
         "besylate", "phosphate", "sodium", "potassium", "acetate", "tartrate", "fumarate", "succinate", "hydrobromide",
         "dimesylate", "ditosylate", "camsylate", "lactate"}


def key(name):
    folded = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in folded if not unicodedata.combining(c) and (c.isalpha() or c.isnumeric()))


def candidates(text):
    text = " ".join(text.lower().split())
    parts = [text]
    for sep in SEPARATORS:
        parts = [q for p in parts for q in p.split(sep)]
    out = {text}
    for part in (p.strip() for p in parts):
        if not part:
            continue
        words = part.split()
        out.add(part)
        out.add(" ".join(w for w in words if w not in {"combination", "regimen", "therapy"}))
        if len(words) > 1 and words[-1] in SALTS:
            out.add(" ".join(words[:-1]))
        out.update(part.split("/"))
    return out


def main():
    names = set(FIXTURE_DRUGS)
    with open(os.path.join(HERE, "benary2023", "RecommendationsClean.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names |= candidates(row["recommendation"])
    with open(os.path.join(HERE, "drug-aliases.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#") and line.strip()]
        names |= {r[1] for r in rows[1:]}
    keys = {key(n) for n in names} - {""}
    with open(SOURCE, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        kept = [r for r in reader if key(r[2]) in keys or any(key(s) in keys for s in r[5].split(" | "))]
    with open(os.path.join(HERE, "drugbank-subset.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(kept)
    print(f"{len(kept)} of the vocabulary's rows kept")


if __name__ == "__main__":
    main()
