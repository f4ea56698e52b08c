"""Generates the tree-ensemble test models the way the libraries' ONNX exporters write them (ONNX-ML
TreeEnsembleRegressor / TreeEnsembleClassifier, opset ml 3), with their expected outputs from onnxruntime. The build and
tests need none of these packages: the files are committed.

    pip install scikit-learn lightgbm onnx onnxruntime numpy   (a local mirror serves them here)
    python3 scripts/models/gen_tree_models.py

skl2onnx and onnxmltools are not on the mirror, so the nodes are written here from the fitted trees with the same
attribute conventions: every internal node BRANCH_LEQ (scikit-learn, LightGBM's "<=") with true = left, leaves as
LEAF, regressor weights per leaf (a random forest's divided by the trees, aggregate SUM, as the converters do),
classifier weights the leaf's class fractions over the trees, LightGBM's binary model as a regressor whose raw
score a Sigmoid node follows. Models:
  rf_reg         RandomForestRegressor, 8 trees, depth <= 4, 6 features
  et_reg         ExtraTreesRegressor, 6 trees, depth <= 3 (leaves at several depths)
  gb_reg         GradientBoostingRegressor, 10 trees, depth 3, base value the mean, learning rate folded in
  rf_cls         RandomForestClassifier, 3 classes, 6 trees, depth <= 4 (labels and probabilities)
  lgbm_bin       LightGBM binary, 8 trees, 7 leaves, raw score then Sigmoid
  rf_deep        RandomForestRegressor, 3 trees, depth 9 (deeper than the tests' announced bound of 8: refused)
"""
import json
import os

import lightgbm as lgb
import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper
from sklearn.ensemble import (ExtraTreesRegressor, GradientBoostingRegressor, RandomForestClassifier,
                              RandomForestRegressor)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "data", "models")
FEATURES = 6
ROWS = 24
rng = np.random.default_rng(20261205)
X = rng.uniform(-3, 3, size=(400, FEATURES)).round(3)
Y = (np.sin(X[:, 0]) * 2 + X[:, 1] * X[:, 2] - np.abs(X[:, 3]) + rng.normal(0, 0.1, 400)).round(4)
CLS = np.digitize(X[:, 0] + X[:, 4] * 0.5, [-1, 1])          # 3 classes
BIN = (X[:, 1] - X[:, 5] + rng.normal(0, 0.3, 400) > 0).astype(int)
TEST = rng.uniform(-3, 3, size=(ROWS, FEATURES)).round(3).astype(np.float32)


def sk_nodes(trees, weight, per_class=None):
    """ONNX-ML node attributes of scikit-learn trees: (nodes dict, targets dict)."""
    n = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_hitrates", "nodes_missing_value_tracks_true"]}
    t = {"treeids": [], "nodeids": [], "ids": [], "weights": []}
    for tid, est in enumerate(trees):
        tr = est.tree_
        for i in range(tr.node_count):
            leaf = tr.children_left[i] == -1
            n["nodes_treeids"].append(tid)
            n["nodes_nodeids"].append(i)
            n["nodes_featureids"].append(0 if leaf else int(tr.feature[i]))
            n["nodes_values"].append(0.0 if leaf else float(tr.threshold[i]))
            n["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            n["nodes_truenodeids"].append(0 if leaf else int(tr.children_left[i]))
            n["nodes_falsenodeids"].append(0 if leaf else int(tr.children_right[i]))
            n["nodes_hitrates"].append(1.0)
            n["nodes_missing_value_tracks_true"].append(0)
            if leaf:
                if per_class is None:
                    t["treeids"].append(tid); t["nodeids"].append(i); t["ids"].append(0)
                    t["weights"].append(float(tr.value[i][0][0]) * weight)
                else:
                    v = tr.value[i][0]
                    v = v / v.sum()
                    for c in range(per_class):
                        t["treeids"].append(tid); t["nodeids"].append(i); t["ids"].append(c)
                        t["weights"].append(float(v[c]) * weight)
    return n, t


def lgbm_nodes(booster):
    """ONNX-ML node attributes of a LightGBM booster's trees (decision_type '<=', left = true)."""
    n = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_hitrates", "nodes_missing_value_tracks_true"]}
    t = {"treeids": [], "nodeids": [], "ids": [], "weights": []}
    for tid, info in enumerate(booster.dump_model()["tree_info"]):
        counter = [0]

        def walk(node):
            me = counter[0]
            counter[0] += 1
            n["nodes_treeids"].append(tid)
            n["nodes_nodeids"].append(me)
            n["nodes_hitrates"].append(1.0)
            n["nodes_missing_value_tracks_true"].append(0)
            if "leaf_value" in node:
                for k, v in [("nodes_featureids", 0), ("nodes_values", 0.0), ("nodes_modes", "LEAF"),
                             ("nodes_truenodeids", 0), ("nodes_falsenodeids", 0)]:
                    n[k].append(v)
                t["treeids"].append(tid); t["nodeids"].append(me); t["ids"].append(0)
                t["weights"].append(float(node["leaf_value"]))
                return me
            assert node["decision_type"] == "<=", node["decision_type"]
            n["nodes_featureids"].append(int(node["split_feature"]))
            n["nodes_values"].append(float(node["threshold"]))
            n["nodes_modes"].append("BRANCH_LEQ")
            at = len(n["nodes_truenodeids"])
            n["nodes_truenodeids"].append(0)
            n["nodes_falsenodeids"].append(0)
            n["nodes_truenodeids"][at] = walk(node["left_child"])
            n["nodes_falsenodeids"][at] = walk(node["right_child"])
            return me

        walk(info["tree_structure"])
    return n, t


def regressor(name, nodes, targets, base=0.0, then_sigmoid=False):
    attrs = dict(nodes)
    attrs.update({"target_treeids": targets["treeids"], "target_nodeids": targets["nodeids"],
                  "target_ids": targets["ids"], "target_weights": targets["weights"], "n_targets": 1,
                  "aggregate_function": "SUM", "post_transform": "NONE", "base_values": [float(base)]})
    out = "raw" if then_sigmoid else "variable"
    nodes_ = [helper.make_node("TreeEnsembleRegressor", ["input"], [out], domain="ai.onnx.ml", **attrs)]
    outputs = [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])]
    if then_sigmoid:
        nodes_.append(helper.make_node("Sigmoid", ["raw"], ["variable"]))
    graph = helper.make_graph(nodes_, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, FEATURES])],
                              outputs)
    return save(name, graph, "regression")


def classifier(name, nodes, targets, classes):
    attrs = dict(nodes)
    attrs.update({"class_treeids": targets["treeids"], "class_nodeids": targets["nodeids"],
                  "class_ids": targets["ids"], "class_weights": targets["weights"],
                  "classlabels_int64s": list(range(classes)), "post_transform": "NONE"})
    node = helper.make_node("TreeEnsembleClassifier", ["input"], ["label", "probabilities"], domain="ai.onnx.ml", **attrs)
    graph = helper.make_graph([node], name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, FEATURES])],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
                               helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, classes])])
    return save(name, graph, "classification")


def save(name, graph, kind):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)],
                              producer_name="gen_tree_models.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    path = os.path.join(OUT, name + ".onnx")
    onnx.save(model, path)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    outs = sess.run(None, {"input": TEST})
    expected = {"model": name + ".onnx", "kind": kind, "features": FEATURES, "rows": ROWS,
                "note": "input = float32 rows (row-major); outputs from onnxruntime " + ort.__version__,
                "input": [float(v) for v in TEST.flatten()]}
    if kind == "classification":
        expected["labels"] = [int(v) for v in outs[0]]
        expected["probabilities"] = [float(v) for v in np.asarray(outs[1]).flatten()]
    else:
        expected["output"] = [float(v) for v in np.asarray(outs[0]).flatten()]
    with open(os.path.join(OUT, name + "_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print(name, "->", path)


rf = RandomForestRegressor(n_estimators=8, max_depth=4, random_state=1).fit(X, Y)
regressor("rf_reg", *sk_nodes(rf.estimators_, 1.0 / len(rf.estimators_)))
et = ExtraTreesRegressor(n_estimators=6, max_depth=3, random_state=2).fit(X, Y)
regressor("et_reg", *sk_nodes(et.estimators_, 1.0 / len(et.estimators_)))
gb = GradientBoostingRegressor(n_estimators=10, max_depth=3, learning_rate=0.3, random_state=3).fit(X, Y)
regressor("gb_reg", *sk_nodes([e[0] for e in gb.estimators_], gb.learning_rate), base=float(gb.init_.constant_[0][0]))
rfc = RandomForestClassifier(n_estimators=6, max_depth=4, random_state=4).fit(X, CLS)
classifier("rf_cls", *sk_nodes(rfc.estimators_, 1.0 / len(rfc.estimators_), per_class=3), 3)
lg = lgb.LGBMClassifier(n_estimators=8, num_leaves=7, learning_rate=0.3, verbose=-1, random_state=5).fit(X, BIN)
regressor("lgbm_bin", *lgbm_nodes(lg.booster_), then_sigmoid=True)
deep = RandomForestRegressor(n_estimators=3, max_depth=9, random_state=6).fit(X, Y)
regressor("rf_deep", *sk_nodes(deep.estimators_, 1.0 / len(deep.estimators_)))

# sanity: our exports agree with the libraries' own predictions
for model, name in [(rf, "rf_reg"), (gb, "gb_reg"), (et, "et_reg")]:
    got = json.load(open(os.path.join(OUT, name + "_expected.json")))["output"]
    assert np.allclose(got, model.predict(TEST), atol=1e-4), name
got = json.load(open(os.path.join(OUT, "rf_cls_expected.json")))["labels"]
assert list(got) == list(rfc.predict(TEST)), "rf_cls"
got = json.load(open(os.path.join(OUT, "lgbm_bin_expected.json")))["output"]
assert np.allclose(got, lg.predict_proba(TEST)[:, 1], atol=1e-4), "lgbm_bin"
print("the exports agree with scikit-learn's and LightGBM's predictions")
