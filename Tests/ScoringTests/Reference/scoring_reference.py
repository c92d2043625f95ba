"""Reference values for Tests/ScoringTests, computed with standard implementations.

Run once when the tests were written, never at test time:
    python3 -m venv /tmp/v
    /tmp/v/bin/pip install numpy scipy scikit-learn statsmodels rbo krippendorff pingouin
    /tmp/v/bin/python Tests/ScoringTests/Reference/scoring_reference.py
Versions then: scipy 1.17.1, scikit-learn 1.9.1, statsmodels 0.15.0, rbo 0.1.3, krippendorff 0.9.0,
pingouin 0.7.0; numpy 1.26.4 for the first sections and 2.4.6 from Fleiss kappa on (rerun with
2.4.6, the earlier values agree to within 3e-16).
Each section prints the numbers one test file holds; the Swift tests say which section.
"""
import numpy as np, warnings
warnings.filterwarnings("ignore")
from statsmodels.stats.contingency_tables import mcnemar
from scipy.stats import binomtest, norm
from scipy.optimize import brentq
from statsmodels.stats.multitest import multipletests
from sklearn.metrics import cohen_kappa_score
from sklearn.calibration import calibration_curve

print("== ExamStatisticsTests: McNemar")
for a,b,c,d in [(20,10,3,7),(0,5,5,0),(3,0,6,1),(500,1200,1100,200),(9,0,0,1),(0,1,0,0),(0,2000,2183,0)]:
    print(a,b,c,d, repr(mcnemar([[a,b],[c,d]],exact=True).pvalue), repr(binomtest(min(b,c),b+c,0.5).pvalue) if b+c else None)

M=(1<<64)-1
def rotl(x,k): return ((x<<k)|(x>>(64-k)))&M
class Rng:
    def __init__(self,seed):
        x=seed
        s=[]
        for _ in range(4):
            x=(x+0x9E3779B97F4A7C15)&M
            z=x
            z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
            z=((z^(z>>27))*0x94D049BB133111EB)&M
            s.append(z^(z>>31))
        self.s=s
    def next(self):
        s0,s1,s2,s3=self.s
        r=(rotl((s1*5)&M,7)*9)&M
        t=(s1<<17)&M
        s2^=s0; s3^=s1; s1^=s2; s0^=s3; s2^=t; s3=rotl(s3,45)
        self.s=[s0,s1,s2,s3]
        return r
def uniform(bound,rng):
    p=rng.next()*bound
    low=p&M
    if low<bound:
        t=((1<<64)-bound)%bound
        while low<t:
            p=rng.next()*bound; low=p&M
    return p>>64
r=Rng(42); print([r.next() for _ in range(3)])

first=[(i*7)%10<7 for i in range(40)]   # 28 correct
second=[(i*3)%10<5 for i in range(40)]  # 20 correct
diffs=np.array([int(a)-int(b) for a,b in zip(first,second)])
print("acc", sum(first), sum(second), diffs.mean())
def boot(diffs,B,seed,conf):
    rng=Rng(seed); n=len(diffs); vals=[]
    for _ in range(B):
        idx=[uniform(n,rng) for _ in range(n)]
        vals.append(diffs[idx].sum()/n)
    vals=np.array(vals); t=(1-conf)/2
    return np.quantile(vals,t), np.quantile(vals,1-t), vals[:3]
print("== ExamStatisticsTests: bootstrap (SeededRandom, Lemire draw, numpy type-7 quantile)"); print("seed 42, 2000, 95%", [repr(x) for x in boot(diffs,2000,42,0.95)[:2]], boot(diffs,2000,42,0.95)[2])
print("== bootstrap 90", [repr(x) for x in boot(diffs,500,7,0.90)[:2]])
print("first", first); print("second", second)

print("== ExamStatisticsTests: Holm")
for ps in [[0.01,0.04,0.03,0.005],[0.2,0.2,0.01],[0.5],[0.04,0.04,0.04]]:
    rej,adj,_,_=multipletests(ps,alpha=0.05,method='holm')
    print(ps, [repr(x) for x in adj], rej.tolist())

print("== ExamStatisticsTests: minimum detectable difference (Connor 1987)")
def mdd(n,psi,alpha,power):
    za=norm.ppf(1-alpha/2); zb=norm.ppf(power)
    f=lambda d: np.sqrt(n)*d - za*np.sqrt(psi) - zb*np.sqrt(psi-d*d)
    if f(psi)<0: return None
    return brentq(f,0,psi,xtol=1e-15)
for n,psi,a,p in [(100,0.2,0.05,0.8),(300,0.25,0.05,0.8),(500,0.1,0.05,0.9),(1273,0.3,0.01,0.8),(10,0.1,0.05,0.8),(50,0.5,0.05,0.5)]:
    print(n,psi,a,p, repr(mdd(n,psi,a,p)))

print("== AgreementTests: kappa")
r1=[1,2,3,4,5,3,4,4,5,2,1,3,5,4,3]
r2=[1,3,3,4,4,2,4,5,5,2,2,3,4,4,1]
for w in [None,'linear','quadratic']:
    print(w, repr(cohen_kappa_score(r1,r2,labels=[1,2,3,4,5],weights=w)))
print(repr(cohen_kappa_score(['y','y','n','n'],['y','n','n','n'])))

print("== CalibrationTests: calibration_curve")
conf=[0.95,0.9,0.85,0.8,0.3,0.3,0.55,0.6,0.65,1.0,0.0,0.25,0.45,0.75,0.72]
corr=[1,1,0,1,0,1,0,1,1,1,0,0,1,0,1]
pt,pp=calibration_curve(corr,conf,n_bins=5,strategy='uniform')
print([repr(x) for x in pt]); print([repr(x) for x in pp])

print("== ProportionTests: norm.ppf")
from statsmodels.stats.proportion import proportion_confint
for p in [0.5,0.975,0.995,0.9,0.025,1e-10,0.3,0.9999999,1e-300]:
    print(p, repr(float(norm.ppf(p))))
print("== ProportionTests: Wilson")
for x,n,c in [(7,10,.95),(0,10,.95),(10,10,.95),(191,300,.95),(224,300,.95),(1,1,.9),(50,100,.99),(3,20,.8)]:
    lo,hi=proportion_confint(x,n,alpha=1-c,method='wilson')
    print(x,n,c,repr(float(lo)),repr(float(hi)))

print("== SetMetricsTests")
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.metrics import precision_recall_fscore_support, fbeta_score
pred=[{'a','b','c'},{'x'},{'y','z'},set(),set(),{'s'}]
ref=[{'a','b','d','e'},{'x'},{'w'},{'q','r'},set(),set()]
m=MultiLabelBinarizer().fit(pred+ref)
P=m.transform(pred); R=m.transform(ref)
print("micro", precision_recall_fscore_support(R,P,average='micro'))
print("micro F2", fbeta_score(R,P,beta=2,average='micro'))
print("samples A-C", precision_recall_fscore_support(R[:3],P[:3],average='samples'))
print("samples A-C F2", fbeta_score(R[:3],P[:3],beta=2,average='samples'))

print("== RankingTests")
from scipy.stats import rankdata, spearmanr, kendalltau, pearsonr
x=np.array([3,1,4,1,5,9,2,6,5,3.])
print('min',rankdata(-x,'min').astype(int).tolist())
print('dense',rankdata(-x,'dense').astype(int).tolist())
print('avg',rankdata(-x,'average').tolist())
print('avg asc',rankdata(x,'average').tolist())
a=[1,2,3,4,5,6,7,8]; b=[2,1,4,3,6,5,8,7]
print(repr(spearmanr(a,b).statistic), repr(kendalltau(a,b).statistic), repr(pearsonr(a,b).statistic))
a=[1,2,2,3,4]; b=[1,3,2,2,5]
print(repr(spearmanr(a,b).statistic), repr(kendalltau(a,b).statistic), repr(pearsonr(a,b).statistic))
rng=np.random.default_rng(7)
a=rng.integers(0,11,size=30).astype(float); b=np.round(a*0.5+rng.integers(0,6,size=30),1)
print(a.tolist()); print(b.tolist())
print(repr(spearmanr(a,b).statistic), repr(kendalltau(a,b).statistic), repr(pearsonr(a,b).statistic))
from sklearn.metrics import average_precision_score, roc_auc_score, ndcg_score
s=[0.9,0.8,0.8,0.6,0.5,0.4,0.4,0.2]; l=[1,0,1,1,0,0,1,0]
print("AP AUROC", repr(average_precision_score(l,s)), repr(roc_auc_score(l,s)))
print("nDCG k=4,2,all", repr(ndcg_score([[3,2,3,0,1]],[[5,4,3,2,1]],k=4)), repr(ndcg_score([[3,2,3,0,1]],[[5,4,3,2,1]],k=2)), repr(ndcg_score([[3,2,3,0,1]],[[5,4,3,2,1]])))
g=lambda r:[2**v-1 for v in r]
print("nDCG exp k=4", repr(ndcg_score([g([3,2,3,0,1])],[[5,4,3,2,1]],k=4)))
import rbo
print("RBO", repr(rbo.RankingSimilarity(list('abcdefg'),list('acbdfeh')).rbo_ext(p=0.9)),
      repr(rbo.RankingSimilarity(list('abcde'),list('bazcyxdw')).rbo_ext(p=0.8)),
      repr(rbo.RankingSimilarity(['a','b'],['b','a']).rbo_ext(p=0.5)),
      repr(rbo.RankingSimilarity(['a'],['b','a']).rbo_ext(p=0.5)))

print("== CalibrationTests: Brier, SD")
from sklearn.metrics import brier_score_loss
print(repr(brier_score_loss([0,1,1,0],[0.1,0.9,0.8,0.3])))
Pm=np.array([[0.7,0.2,0.1],[0.1,0.3,0.6],[0.25,0.5,0.25],[0.6,0.3,0.1]])
print(repr(brier_score_loss([0,2,1,1],Pm,labels=[0,1,2])))
print(repr(float(np.std([2,4,4,4,5,5,7,9],ddof=1))))

print("== AggregationTests: Kendall tau-b of weighted totals")
print(repr(kendalltau([20,38,20,14,17],[10,7,8,8,9]).statistic), repr(kendalltau([20,38,20,14,17],[60,66,52,46,53]).statistic))

print("== AgreementTests: Fleiss kappa (statsmodels)")
from statsmodels.stats.inter_rater import fleiss_kappa, aggregate_raters
fl=[[1,1,1],[1,2,2],[3,3,3],[2,2,1],[1,3,2],[2,2,2]]
print(repr(fleiss_kappa(aggregate_raters(np.array(fl))[0])))

print("== AgreementTests: Krippendorff alpha (krippendorff package), Krippendorff 2011 example")
import krippendorff
nan=np.nan
kd=[[1,2,3,3,2,1,4,1,2,nan,nan,nan],
    [1,2,3,3,2,2,4,1,2,5,nan,3],
    [nan,3,3,3,2,3,4,2,2,5,1,nan],
    [1,2,3,3,2,4,4,1,2,5,1,nan]]
for lvl in ['nominal','ordinal','interval','ratio']:
    print(lvl, repr(krippendorff.alpha(reliability_data=kd, level_of_measurement=lvl)))

print("== AgreementTests: ICC (pingouin), Shrout and Fleiss 1979 table 2")
import pandas as pd, pingouin as pg
sf=[[9,2,5,8],[6,1,3,2],[8,4,6,8],[7,1,2,6],[10,5,6,9],[6,2,4,7]]
rows=[(i,r,v) for i,row in enumerate(sf) for r,v in enumerate(row)]
df=pd.DataFrame(rows,columns=['item','rater','score'])
icc=pg.intraclass_corr(data=df,targets='item',raters='rater',ratings='score')
for t,v in zip(icc['Type'],icc['ICC']): print(t, repr(float(v)))

print("== SetMetricsTests: bootstrap of pooled scores (same replica of SeededRandom and the Lemire draw)")
patients=[(2,1,2),(1,0,0),(0,2,1),(0,0,2),(0,0,0),(0,1,0),(3,2,1),(1,1,1),(0,3,2),(2,0,3)]
def f1(tp,fp,fn): return 1.0 if tp+fp+fn==0 else 2*tp/(2*tp+fp+fn)
rng=Rng(11); n=len(patients); Pv=[];Fv=[];Mv=[]
for _ in range(1000):
    idx=[uniform(n,rng) for _ in range(n)]
    tp=sum(patients[i][0] for i in idx); fp=sum(patients[i][1] for i in idx); fn=sum(patients[i][2] for i in idx)
    if tp+fp>0: Pv.append(tp/(tp+fp))
    elif fn==0: Pv.append(1.0)
    Fv.append(f1(tp,fp,fn)); Mv.append(sum(f1(*patients[i]) for i in idx)/n)
for name,v in [("precision",Pv),("F1",Fv),("macro F1",Mv)]:
    print(name, len(v), repr(float(np.quantile(v,0.025))), repr(float(np.quantile(v,0.975))))

print("== AgreementTests: the two expert ratings of radonc_realworld_50 (shared/data/exams, MIT)")
import csv, os
path=os.path.join(os.path.dirname(__file__),'../../../../shared/data/exams/radonc_realworld_50/questions_answers_evaluations.csv')
if os.path.exists(path):
    rows=list(csv.reader(open(path,encoding='utf-8-sig'),delimiter=';'))[1:]
    e1=[int(x[4]) for x in rows]; e2=[int(x[5]) for x in rows]
    print(e1); print(e2)
    for w in [None,'linear','quadratic']:
        print(w, repr(cohen_kappa_score(e1,e2,labels=[1,2,3,4,5],weights=w)))
    print("alpha ordinal", repr(krippendorff.alpha(reliability_data=[e1,e2], level_of_measurement='ordinal')))
    print("alpha interval", repr(krippendorff.alpha(reliability_data=[e1,e2], level_of_measurement='interval')))
    print("spearman", repr(spearmanr(e1,e2).statistic), "kendall", repr(kendalltau(e1,e2).statistic))
    rows2=[(i,r,v) for i,pair in enumerate(zip(e1,e2)) for r,v in enumerate(pair)]
    icc=pg.intraclass_corr(data=pd.DataFrame(rows2,columns=['item','rater','score']),targets='item',raters='rater',ratings='score')
    for t,v in zip(icc['Type'],icc['ICC']): print(t, repr(float(v)))
else:
    print("not found:", path)
