"""Independent reference numbers for Tests/RatingsTests/RatingSummaryTests.swift.

Recomputes, with numpy and without Consilium's code, the per-source means and the agreement
statistics of the test's three raters, each with its 95% percentile-bootstrap interval. The
resample draws reproduce Consilium's documented generator (Support/SeededRandom.swift:
xoshiro256** seeded through SplitMix64; Scoring/Bootstrap.swift: Lemire's multiply-and-reject
for an index below n, a fresh generator from the seed for each statistic, undefined resamples
left out, numpy's default (type 7) quantiles). The statistics are written from their papers:
Fleiss 1971, Shrout and Fleiss 1979 (ICC(2,1)), Cohen 1968 (quadratic weights), Krippendorff
2011 (ordinal, coincidence matrix).

Run: python3 Benchmarks/ratings/bootstrap_reference.py
"""
import numpy as np

M = (1 << 64) - 1
SEED = 20260101
RESAMPLES = 1000

# Item order of the test's key: per case c1..c5, label A = s1, B = s2. Rows: raters r1, r2, r3.
ITEMS = [("c1", "s1", [4, 4, 3]), ("c1", "s2", [2, 1, 2]), ("c2", "s1", [3, 3, 3]), ("c2", "s2", [1, 2, None]),
         ("c3", "s1", [4, 3, 4]), ("c3", "s2", [2, 2, 1]), ("c4", "s1", [3, 4, 4]), ("c4", "s2", [1, 1, 1]),
         ("c5", "s1", [2, 3, 3]), ("c5", "s2", [3, 2, 2])]
SCALE = [1, 2, 3, 4]


class Xoshiro:
    def __init__(self, seed):
        x = seed
        s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
            s.append(z ^ (z >> 31))
        self.s = s

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & M, 7) * 9) & M
        t = (s1 << 17) & M
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def below(self, bound):
        product = self.next() * bound
        low = product & M
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & M
        return product >> 64


def bootstrap(n, statistic):
    rng = Xoshiro(SEED)
    values = []
    for _ in range(RESAMPLES):
        idx = [rng.below(n) for _ in range(n)]
        v = statistic(idx)
        if v is not None and np.isfinite(v):
            values.append(v)
    estimate = statistic(list(range(n)))
    lo, hi = np.quantile(np.array(values), [0.025, 0.975])
    return estimate, lo, hi, RESAMPLES - len(values)


def fleiss(rows):
    rows = np.array(rows)
    n, k = rows.shape
    cats = sorted(set(rows.flatten()))
    counts = np.array([[np.sum(r == c) for c in cats] for r in rows], dtype=float)
    p_i = (np.sum(counts * (counts - 1), axis=1)) / (k * (k - 1))
    p_j = counts.sum(axis=0) / (n * k)
    pe = np.sum(p_j ** 2)
    if pe >= 1:
        return None
    return (p_i.mean() - pe) / (1 - pe)


def icc21(rows):
    x = np.array(rows, dtype=float)
    n, k = x.shape
    grand = x.mean()
    ssr = k * np.sum((x.mean(axis=1) - grand) ** 2)
    ssc = n * np.sum((x.mean(axis=0) - grand) ** 2)
    sse = np.sum((x - grand) ** 2) - ssr - ssc
    msr, msc, mse = ssr / (n - 1), ssc / (k - 1), sse / ((n - 1) * (k - 1))
    den = msr + (k - 1) * mse + k * (msc - mse) / n
    return None if den == 0 else (msr - mse) / den


def cohen_quadratic(a, b):
    k = len(SCALE)
    pos = {c: i for i, c in enumerate(SCALE)}
    table = np.zeros((k, k))
    for x, y in zip(a, b):
        table[pos[x], pos[y]] += 1
    n = len(a)
    w = np.array([[((i - j) / (k - 1)) ** 2 for j in range(k)] for i in range(k)])
    observed = np.sum(w * table) / n
    expected = np.sum(w * np.outer(table.sum(axis=1), table.sum(axis=0))) / n ** 2
    return None if expected == 0 else 1 - observed / expected


def alpha_ordinal(rows):
    rows = [[v for v in r if v is not None] for r in rows]
    rows = [r for r in rows if len(r) >= 2]
    if not rows:
        return None
    values = sorted(set(v for r in rows for v in r))
    pos = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for r in rows:
        m = len(r)
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[pos[r[i]], pos[r[j]]] += 1 / (m - 1)
    nc = o.sum(axis=1)
    total = nc.sum()
    d = np.zeros_like(o)
    for c in range(len(values)):
        for k in range(len(values)):
            lo, hi = min(c, k), max(c, k)
            d[c, k] = (nc[lo:hi + 1].sum() - (nc[c] + nc[k]) / 2) ** 2
    do = np.sum(o * d)
    de = np.sum(np.outer(nc, nc) * d) / (total - 1)
    return None if de == 0 else 1 - do / de


def show(name, result):
    e, lo, hi, undefined = result
    print(f"{name}: estimate {float(e)!r} ci [{float(lo)!r}, {float(hi)!r}] undefined {undefined}")


cases = ["c1", "c2", "c3", "c4", "c5"]
for source in ["s1", "s2"]:
    groups = [[v for c2, s, r in ITEMS if c2 == c and s == source for v in r if v is not None] for c in cases]
    def mean(idx, groups=groups):
        total = sum(sum(groups[i]) for i in idx)
        count = sum(len(groups[i]) for i in idx)
        return None if count == 0 else total / count
    show(f"mean {source}", bootstrap(len(groups), mean))

complete = [r for _, _, r in ITEMS if None not in r]
show("fleiss", bootstrap(len(complete), lambda idx: fleiss([complete[i] for i in idx])))
show("icc_2_1", bootstrap(len(complete), lambda idx: icc21([complete[i] for i in idx])))
pairable = [r for _, _, r in ITEMS if sum(v is not None for v in r) >= 2]
show("alpha ordinal", bootstrap(len(pairable), lambda idx: alpha_ordinal([pairable[i] for i in idx])))
for a, b in [(0, 1), (0, 2), (1, 2)]:
    both = [(r[a], r[b]) for _, _, r in ITEMS if r[a] is not None and r[b] is not None]
    show(f"cohen r{a + 1} r{b + 1}", bootstrap(len(both), lambda idx: cohen_quadratic([both[i][0] for i in idx], [both[i][1] for i in idx])))
