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
            "flatten", "reshape", "softmax", "dropout", "identity", "batchnorm", "erf", "gelu", "exp", "transpose",
            "layer_normalization", "reduce_mean", "reduce_sum", "squeeze", "unsqueeze", "gather", "slice", "constant_pad",
            "edge_pad", "reflect_pad", "wrap_pad", "prelu",
            "logsoftmax"]
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
        if len(outputs) > 1 and len(model.graph.node) == 1 and model.graph.node[0].op_type == "LayerNormalization":
            # the training outputs (mean, inverse deviation) dropped: inference wants Y only
            del model.graph.output[1:]
            for k in range(1, len(model.graph.node[0].output)):
                model.graph.node[0].output[k] = ""
            outputs = outputs[:1]
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
    kept += local_graphs()
    print(len(kept), "node tests:", " ".join(kept))


def local_graphs():
    """Graphs the extracted node tests cannot cover (their second input becomes a constant): operations between two
    activations, and a batch norm whose producer's output is also read under another name (must not be folded)."""
    import onnxruntime as ort
    from onnx import TensorProto, helper
    rng = np.random.default_rng(5)
    made = []

    def save(name, nodes, inits, shape, out_shape):
        g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n"] + shape[1:])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n"] + [None] * (len(shape) - 1))], inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
        onnx.checker.check_model(m)
        x = (rng.random(shape, dtype=np.float32) * 4 - 2).astype(np.float32)
        y = ort.InferenceSession(m.SerializeToString()).run(None, {"x": x})[0]
        d = os.path.join(OUT, name)
        os.makedirs(d)
        onnx.save(m, os.path.join(d, "model.onnx"))
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump({"test": name, "onnx": onnx.__version__, "input_shape": list(x.shape), "output_shape": list(y.shape),
                       "input": [float(v) for v in x.ravel()], "output": [float(v) for v in y.ravel()]}, f)
        made.append(name)

    save("local_two_activations", [
        helper.make_node("Relu", ["x"], ["a"]), helper.make_node("Sigmoid", ["x"], ["b"]),
        helper.make_node("Sub", ["a", "b"], ["c"]), helper.make_node("Mul", ["a", "b"], ["d"]),
        helper.make_node("Sum", ["a", "b", "c"], ["e"]), helper.make_node("Concat", ["d", "e"], ["y"], axis=1)],
        [], [2, 3, 4, 5], None)
    w = numpy_helper.from_array((rng.random((4, 3, 3, 3), dtype=np.float32) - 0.5).astype(np.float32), "w")
    bn = [numpy_helper.from_array(v.astype(np.float32), k) for k, v in
          [("g", rng.random(4) + 0.5), ("be", rng.random(4) - 0.5), ("mu", rng.random(4) - 0.5), ("var", rng.random(4) + 0.5)]]
    save("local_aliased_batchnorm", [
        helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]), helper.make_node("Identity", ["c"], ["i"]),
        helper.make_node("BatchNormalization", ["i", "g", "be", "mu", "var"], ["bn"]),
        helper.make_node("Add", ["bn", "c"], ["y"])], [w] + bn, [2, 3, 6, 6], None)
    # a dilated convolution with asymmetric pads, a per-channel PRelu, a constant pad, a per-channel scale and a
    # positional constant: the owner's constants broadcast against activations
    wd = numpy_helper.from_array((rng.random((4, 3, 3, 3), dtype=np.float32) - 0.5).astype(np.float32), "wd")
    slope = numpy_helper.from_array((rng.random((4, 1, 1), dtype=np.float32) * 0.3).astype(np.float32), "slope")
    pads = numpy_helper.from_array(np.array([0, 0, 1, 2, 0, 0, 2, 1], dtype=np.int64), "pads")
    pv_node = helper.make_node("Constant", [], ["pv"], value=numpy_helper.from_array(np.array(0.5, dtype=np.float32), "pv"))
    scale = numpy_helper.from_array((rng.random((1, 4, 1, 1), dtype=np.float32) + 0.5).astype(np.float32), "scale")
    pos = numpy_helper.from_array((rng.random((10, 10), dtype=np.float32) - 0.5).astype(np.float32), "pos")
    save("local_dilated_prelu_pad", [
        helper.make_node("Conv", ["x", "wd"], ["c"], dilations=[2, 2], pads=[2, 1, 1, 2]),
        helper.make_node("PRelu", ["c", "slope"], ["p"]), pv_node, helper.make_node("Pad", ["p", "pads", "pv"], ["q"]),
        helper.make_node("Div", ["q", "scale"], ["r"]), helper.make_node("Sub", ["pos", "r"], ["y"])],
        [wd, slope, pads, scale, pos], [2, 3, 8, 8], None)
    return made


if __name__ == "__main__":
    main()
