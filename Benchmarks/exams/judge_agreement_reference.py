#!/usr/bin/env python3
# Writes the expected numbers of Tests/ExamRunnerTests/JudgeAgreementTests.swift (JudgeFixtures.expected)
# in exact fractions, independently of the Swift code. Run: python3 Benchmarks/exams/judge_agreement_reference.py
# Columns: n, exact agreements, kappa (fraction, float), alpha (fraction, float), mean A, mean B.
# Independent reference: quadratic-weighted Cohen kappa and Krippendorff ordinal alpha (Krippendorff 2011).
from fractions import Fraction as F
from collections import Counter
def kappa(a,b,cats=range(1,6)):
    n=len(a); pa=Counter(a); pb=Counter(b)
    obs=sum(F((x-y)**2) for x,y in zip(a,b))/n
    exp=sum(F(pa[i]*pb[j]*(i-j)**2, n*n) for i in cats for j in cats)
    return None if exp==0 else 1-obs/exp
def alpha(units):
    # units: list of lists of values (pairable only, >=2 values)
    units=[u for u in units if len(u)>=2]
    o=Counter()
    for u in units:
        m=len(u)
        for i in range(m):
            for j in range(m):
                if i!=j: o[(u[i],u[j])]+=F(1,m-1)
    vals=sorted(set(v for u in units for v in u))
    nc={c:sum(o[(c,k)] for k in vals) for c in vals}
    n=sum(nc.values())
    def d(c,k):
        lo,hi=min(c,k),max(c,k)
        s=sum(nc[g] for g in vals if lo<=g<=hi)-(nc[c]+nc[k])/2
        return s*s
    Do=sum(o[(c,k)]*d(c,k) for c in vals for k in vals)
    De=sum(nc[c]*nc[k]*d(c,k) for c in vals for k in vals)/(n-1)
    return None if De==0 else 1-Do/De
def row(a,b):
    p=[(x,y) for x,y in zip(a,b) if x is not None and y is not None]
    A=[x for x,_ in p]; B=[y for _,y in p]
    k=kappa(A,B); al=alpha([[x,y] for x,y in p])
    print(len(p), sum(x==y for x,y in p), k, float(k) if k is not None else None, al, float(al) if al is not None else None, F(sum(A),len(A)), F(sum(B),len(B)))
q=[5,4,3,2,4]; s=[5,3,3,1,4]; mean=[5,4,3,2,4]
j1=[4,4,3,None,None]; j2=[5,3,2,2,4]; med=[5,4,3,None,None]
for a,b in [(q,s),(j1,q),(j1,s),(j1,mean),(j2,q),(j2,s),(j2,mean),(med,q),(med,s),(med,mean)]: row(a,b)
