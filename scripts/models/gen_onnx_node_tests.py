"""Extracts the ONNX project's own backend node tests for the op families the importer claims (and neighbours it
refuses) into data/onnx-node-tests/NAME/: model.onnx, whose graph inputs other than the first become initializers
(the model owner's weights, as the importer expects), and expected.json with the input and onnx's expected output.
The tests need no Python: the files are committed.

    python3 scripts/models/gen_onnx_node_tests.py
"""
import json
import os
import re
import shutil

import numpy as np
import onnx
from onnx import numpy_helper
from onnx.backend.test.case.node import collect_testcases

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "data", "onnx-node-tests")
FAMILIES = ["relu", "sigmoid", "leakyrelu", "tanh", "clip", "hardsigmoid", "hardswish", "add", "sub", "mul", "div",
            "sum", "concat", "conv", "gemm", "matmul", "maxpool", "averagepool", "globalaveragepool", "globalmaxpool",
            "flatten", "reshape", "softmax", "dropout", "identity", "batchnorm", "erf", "gelu", "exp"]
MAX_ELEMENTS = 4096


def wanted(name):
    base = name[len("test_"):]
    return any(base == f or base.startswith(f + "_") for f in FAMILIES) and "expanded" not in base


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    kept = []
    for case in collect_testcases(None):
        if not wanted(case.name) or not case.data_sets:
            continue
        inputs, outputs = case.data_sets[0]
        model = case.model
        if len(outputs) != 1 or not inputs:
            continue
        x = np.asarray(inputs[0])
        y = np.asarray(outputs[0])
        if x.dtype != np.float32 or y.dtype != np.float32 or x.ndim < 2 or x.size > MAX_ELEMENTS or y.size > MAX_ELEMENTS:
            continue
        g = model.graph
        names = [i.name for i in g.input]
        # the other graph inputs: the model owner's constants
        for name, value in zip(names[1:], inputs[1:]):
            g.initializer.append(numpy_helper.from_array(np.asarray(value), name))
        keep = [i for i in g.input if i.name == names[0]]
        del g.input[:]
        g.input.extend(keep)
        d = os.path.join(OUT, case.name)
        os.makedirs(d)
        onnx.save(model, os.path.join(d, "model.onnx"))
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump({"test": case.name, "onnx": onnx.__version__, "input_shape": list(x.shape),
                       "output_shape": list(y.shape), "input": [float(v) for v in x.ravel()],
                       "output": [float(v) for v in y.ravel()]}, f)
        kept.append(case.name)
    print(len(kept), "node tests:", " ".join(kept))


if __name__ == "__main__":
    main()
