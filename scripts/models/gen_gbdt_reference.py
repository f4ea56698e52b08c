"""Writes LightGBM's reference for the gradient-boosted trees trained across members (GradientBoostingTest): the same
quantile bins the members compute (org.consortia.mpc.analyses.trees.Binning: the sorted training values at ranks
ceil(k n / bins), duplicates and the maximum dropped), LightGBM trained on those bin indices with the project's
settings (level-wise to a fixed depth: max_depth = depth, num_leaves = 2^depth; lambda_l2; no minimum leaf size; no
bagging; the logistic loss from a raw score of 0, the squared loss from the labels' mean), and its test AUC / R^2.
The build and tests need none of these packages: the JSON files are committed.

    pip install lightgbm scikit-learn numpy   (a local mirror serves them here)
    python3 scripts/models/gen_gbdt_reference.py

Datasets: breast cancer (binary, 30 features), California housing (regression, 8 features; 2,000 rows to train and
2,000 to test drawn as the file says); breast cancer with the committed train/test split in data/.
"""
import csv
import json
import os

import lightgbm as lgb
import numpy as np
from sklearn.metrics import r2_score, roc_auc_score

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
BINS = 16
TREES = 50
DEPTH = 4
LEARNING_RATE = 0.1
LAMBDA = 1.0


def load(name, target, scale, rows=None):
    with open(os.path.join(ROOT, "data", name + ".csv")) as f:
        lines = list(csv.reader(f))
    header, body = lines[0], lines[1:]
    t = header.index(target)
    x = np.array([[float(v) for j, v in enumerate(r) if j != t] for r in body])
    y = np.array([float(r[t]) / scale for r in body])
    if rows is None:
        with open(os.path.join(ROOT, "data", name + "_split.json")) as f:
            split = json.load(f)
        return x, y, split["train"], split["test"], None
    perm = np.random.RandomState(0).permutation(len(y))
    train, test = sorted(int(i) for i in perm[:rows]), sorted(int(i) for i in perm[rows:2 * rows])
    return x, y, train, test, {"rule": "numpy.random.RandomState(0).permutation(n); the first %d train, the next %d test"
                               % (rows, rows), "train": train, "test": test}


def edges(column, bins):
    s = np.sort(column)
    n = len(s)
    out = []
    last = -np.inf
    for k in range(1, bins):
        e = s[(k * n + bins - 1) // bins - 1]
        if e > last and e < s[n - 1]:
            out.append(float(e))
            last = e
    return out + [float("inf")] * (bins - 1 - len(out))


def binned(x, es):
    return np.array([[int(np.searchsorted(np.array(es[f]), v, side="left")) for f, v in enumerate(row)] for row in x])


def reference(name, target, scale, objective, rows=None):
    x, y, train, test, split = load(name, target, scale, rows)
    es = [edges(x[train, f], BINS) for f in range(x.shape[1])]
    b = binned(x, es)
    params = dict(objective=objective, n_estimators=TREES, learning_rate=LEARNING_RATE, max_depth=DEPTH,
                  num_leaves=2 ** DEPTH, reg_lambda=LAMBDA, reg_alpha=0.0, min_child_samples=1, min_child_weight=1e-3,
                  min_split_gain=0.0, max_bin=BINS + 1, min_data_in_bin=1, subsample=1.0, colsample_bytree=1.0,
                  boost_from_average=objective != "binary", use_missing=False, deterministic=True, force_row_wise=True,
                  verbose=-1)
    model = (lgb.LGBMClassifier if objective == "binary" else lgb.LGBMRegressor)(**params)
    model.fit(b[train], y[train])
    if objective == "binary":
        pred = model.predict_proba(b[test])[:, 1]
        metric = {"auc": float(roc_auc_score(y[test], pred))}
    else:
        pred = model.predict(b[test])
        metric = {"r2": float(r2_score(y[test], pred))}
    out = {"dataset": name, "target": target, "target_divided_by": scale, "loss": objective, "bins": BINS,
           "trees": TREES, "depth": DEPTH, "learning_rate": LEARNING_RATE, "lambda": LAMBDA,
           "lightgbm": lgb.__version__, "edges": [[e if np.isfinite(e) else "inf" for e in f] for f in es],
           "test_predictions": [float(p) for p in pred], **metric}
    if split is not None:
        out["split"] = split
    path = os.path.join(ROOT, "data", "models", "gbdt_" + name + "_reference.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print(path, metric)


reference("breast_cancer", "label", 1.0, "binary")
reference("california_housing", "MedHouseVal", 1.0, "regression", rows=2000)
