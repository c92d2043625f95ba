"""Cuts the committed test subsets from the shared offline copies (/work/shared/data/exams).

Run from the repository root: python3 Benchmarks/exams/make_subsets.py
Each subset is the first 50 items of its source file, bytes unchanged per item (JSONL/CSV lines
copied as they are; PubMedQA re-serialized with the same keys). See README.md for licences.
"""
import json, os, shutil

SRC = "/work/shared/data/exams"
DST = os.path.join(os.path.dirname(os.path.abspath(__file__)))
N = 50


def first_records_csv(src, dst, n):
    # Records may span lines inside quotes; count quote parity to cut after n records.
    out, records, quotes = [], 0, 0
    with open(src, encoding="utf-8", newline="") as f:
        for line in f:
            out.append(line)
            quotes += line.count('"')
            if quotes % 2 == 0:
                records += 1
                if records == n:
                    break
    with open(dst, "w", encoding="utf-8", newline="") as f:
        f.writelines(out)


def first_lines(src, dst, n):
    with open(src, encoding="utf-8") as f:
        lines = [next(f) for _ in range(n)]
    with open(dst, "w", encoding="utf-8") as f:
        f.writelines(lines)


os.makedirs(f"{DST}/medqa_usmle_4opt", exist_ok=True)
first_lines(f"{SRC}/medqa_usmle_4opt/US_4_options_phrases_no_exclude_test.jsonl",
            f"{DST}/medqa_usmle_4opt/test_first50.jsonl", N)
os.makedirs(f"{DST}/medmcqa_dev", exist_ok=True)
first_lines(f"{SRC}/medmcqa_dev/dev.json", f"{DST}/medmcqa_dev/dev_first50.jsonl", N)
for split in ("test", "dev"):
    os.makedirs(f"{DST}/mmlu_medical/{split}", exist_ok=True)
    for name in sorted(os.listdir(f"{SRC}/mmlu_medical/{split}")):
        # Five dev rows per subject (the 5-shot exemplars); ten test rows per subject keeps all six.
        first_records_csv(f"{SRC}/mmlu_medical/{split}/{name}", f"{DST}/mmlu_medical/{split}/{name}",
                          5 if split == "dev" else 10)
os.makedirs(f"{DST}/pubmedqa", exist_ok=True)
with open(f"{SRC}/pubmedqa/ori_pqal.json", encoding="utf-8") as f:
    pqal = json.load(f)
with open(f"{SRC}/pubmedqa/test_ground_truth.json", encoding="utf-8") as f:
    truth = json.load(f)
keys = list(pqal)[:N]
with open(f"{DST}/pubmedqa/ori_pqal_first50.json", "w", encoding="utf-8") as f:
    json.dump({k: pqal[k] for k in keys}, f, indent=4)
with open(f"{DST}/pubmedqa/test_ground_truth_first50.json", "w", encoding="utf-8") as f:
    json.dump({k: truth[k] for k in keys if k in truth}, f, indent=4)
os.makedirs(f"{DST}/radonc_realworld_50", exist_ok=True)
shutil.copy(f"{SRC}/radonc_realworld_50/questions_answers_evaluations.csv",
            f"{DST}/radonc_realworld_50/questions_answers_evaluations.csv")
for d in ("medqa_usmle_4opt", "medmcqa_dev", "mmlu_medical", "pubmedqa", "radonc_realworld_50"):
    shutil.copy(f"{SRC}/{d}/LICENSE", f"{DST}/{d}/LICENSE")
