"""Tests of the program front-end of mpc_client (standard library only; no Java: simulate runs a stand-in launcher).

    cd clients/python && python3 -m unittest discover -s tests -v
"""

import http.server
import json
import os
import stat
import sys
import tempfile
import threading
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from mpc_client import Client, Program, SimulationFailed, Value, nest, regroup, simulation_members  # noqa: E402


def by_id(p):
    return {n["id"]: n for n in p.nodes}


def check_well_formed(test, p):
    """The program's JSON: format, version, canonical text, unique ids, arguments naming earlier nodes only."""
    text = p.to_json()
    program = json.loads(text)
    test.assertEqual(text, json.dumps(program, sort_keys=True, separators=(",", ":")))
    test.assertEqual(("mpc-program", 1), (program["format"], program["version"]))
    test.assertEqual(set(program), {"format", "version", "nodes"})
    seen = set()
    for node in program["nodes"]:
        test.assertRegex(node["id"], r"^n\d+$")
        test.assertNotIn(node["id"], seen)
        if node["op"] in ("input", "constant"):
            test.assertNotIn("args", node)
        else:
            test.assertTrue(node["args"] and set(node["args"]) <= seen, node)
        test.assertNotIn(None, node.values())
        seen.add(node["id"])
    return program


class CorrelationTest(unittest.TestCase):
    """Two members' columns joined by key, centred, their covariance and correlation revealed."""

    def setUp(self):
        self.p = p = Program()
        a = p.input("org-a", "cohort", columns=["age", "bmi"], rows=200, key="id")
        b = p.input("org-b", "labs", columns=["glucose"], rows=200, key="id")
        x = p.concat([a, b], axis=1)
        c = x - x.mean(axis=0)
        cov = c.T @ c / 199
        sd = p.sqrt((c * c).sum(0) / 199)
        corr = cov / (sd.reshape(3, 1) * sd.reshape(1, 3))
        p.reveal(cov, to=["org-a", "org-b"], label="covariance")
        p.reveal(corr, to="org-a", label="correlation")
        self.values = {"x": x, "c": c, "cov": cov, "sd": sd, "corr": corr}

    def test_shapes(self):
        shapes = {k: v.shape for k, v in self.values.items()}
        self.assertEqual({"x": (200, 3), "c": (200, 3), "cov": (3, 3), "sd": (3,), "corr": (3, 3)}, shapes)

    def test_json(self):
        program = check_well_formed(self, self.p)
        nodes = program["nodes"]
        self.assertEqual({"id": "n0", "op": "input", "member": "org-a", "dataset": "cohort", "columns": ["age", "bmi"],
                          "rows": 200, "key": "id"}, nodes[0])
        concat = by_id(self.p)[self.values["x"].id]
        self.assertEqual(("concat", ["n0", "n1"], 1), (concat["op"], concat["args"], concat["axis"]))
        mean = [n for n in nodes if n["op"] == "mean"][0]
        self.assertEqual(0, mean["axis"])
        transpose = [n for n in nodes if n["op"] == "transpose"][0]
        self.assertNotIn("perm", transpose)  # .T: the default, reversed
        reveals = [n for n in nodes if n["op"] == "reveal"]
        self.assertEqual([(["org-a", "org-b"], "covariance"), (["org-a"], "correlation")],
                         [(n["to"], n["label"]) for n in reveals])
        self.assertEqual(["org-a", "org-b"], self.p.members)

    def test_input_without_key_leaves_it_out(self):
        p = Program()
        p.input(1, "d", ["v"], rows=3)
        self.assertEqual({"id": "n0", "op": "input", "member": 1, "dataset": "d", "columns": ["v"], "rows": 3},
                         p.nodes[0])


class TTestTest(unittest.TestCase):
    """Welch's t statistic of one column at two members: means and variances, one scalar revealed to everyone."""

    def test_t_statistic(self):
        p = Program()
        a = p.input("org-a", "trial", columns=["outcome"], rows=50)[:, 0]
        b = p.input("org-b", "trial", columns=["outcome"], rows=60)[:, 0]
        self.assertEqual(((50,), (60,)), (a.shape, b.shape))
        ma, mb = a.mean(), b.mean()
        va = ((a - ma) * (a - ma)).sum() / 49
        vb = ((b - mb) * (b - mb)).sum() / 59
        t = (ma - mb) * p.reciprocal(p.sqrt(va / 50 + vb / 60))
        self.assertEqual((), t.shape)
        positive = p.where(t > 0, 1, 0)
        self.assertEqual((), positive.shape)
        p.reveal(t, label="t")
        p.reveal(positive, to=[], label="t > 0")
        program = check_well_formed(self, p)
        reveals = [n for n in program["nodes"] if n["op"] == "reveal"]
        self.assertEqual([{"label": "t"}, {"label": "t > 0"}],
                         [{k: v for k, v in n.items() if k in ("to", "label")} for n in reveals])
        mean = [n for n in program["nodes"] if n["op"] == "mean"][0]
        self.assertNotIn("axis", mean)  # all elements


class KMeansStepTest(unittest.TestCase):
    """One Lloyd step: distances to public centroids, a one-hot assignment, the new centroids."""

    def test_step(self):
        p = Program()
        n, k = 100, 3
        x = p.input("org-a", "points", columns=["x", "y"], rows=n)
        centroids = [[0.0, 0.0], [1.0, 1.0], [-1.0, 2.0]]
        diff = x.reshape(n, 1, 2) - p.constant(centroids)
        self.assertEqual((n, k, 2), diff.shape)
        distance = (diff * diff).sum(axis=-1)
        self.assertEqual((n, k), distance.shape)
        nearest = p.max(-distance)
        self.assertEqual((n,), nearest.shape)
        onehot = -distance >= nearest.reshape(n, 1)
        self.assertTrue(onehot.boolean)
        counts = onehot.sum(0)
        self.assertEqual((k,), counts.shape)
        new = (onehot.T @ x) / counts.reshape(k, 1)
        self.assertEqual((k, 2), new.shape)
        self.assertEqual((n,), p.argmax(-distance, axis=1).shape)
        p.reveal(new, to="org-a", label="centroids")
        program = check_well_formed(self, p)
        constant = [node for node in program["nodes"] if node["op"] == "constant"][0]
        self.assertEqual({"shape": [3, 2], "values": [0.0, 0.0, 1.0, 1.0, -1.0, 2.0]},
                         {key: constant[key] for key in ("shape", "values")})
        maximum = [node for node in program["nodes"] if node["op"] == "max"][0]
        self.assertEqual(1, maximum["axis"])  # -1 normalised
        ge = [node for node in program["nodes"] if node["op"] == "ge"][0]
        self.assertEqual(2, len(ge["args"]))


class BroadcastTest(unittest.TestCase):

    def setUp(self):
        self.p = Program()
        self.x = self.p.input("m", "d", ["a", "b", "c"], rows=4)

    def test_numpy_rule(self):
        p, x = self.p, self.x
        self.assertEqual((4, 3), (x + p.constant([1, 2, 3])).shape)
        self.assertEqual((4, 3), (x * p.constant([[1], [2], [3], [4]])).shape)
        self.assertEqual((2, 4, 3), (x.reshape(1, 4, 3) - p.constant([[[1]], [[2]]])).shape)
        self.assertEqual((4, 3), (x / 2).shape)
        self.assertEqual((4, 3), p.where(x < 1, x, [0, 0, 0]).shape)

    def test_number_is_a_scalar_constant_and_reflected_ops_keep_the_order(self):
        for op, expr in (("mul", lambda x: 2 * x), ("sub", lambda x: 1 - x), ("div", lambda x: 1 / x),
                         ("add", lambda x: 3 + x)):
            y = expr(self.x)
            nodes = by_id(self.p)
            node = nodes[y.id]
            self.assertEqual(op, node["op"])
            self.assertEqual(self.x.id, node["args"][1])
            constant = nodes[node["args"][0]]
            self.assertEqual("constant", constant["op"])
            self.assertEqual([], constant["shape"])
            self.assertIsInstance(constant["values"][0], float)

    def test_reflected_comparison(self):
        y = 2 < self.x  # Python asks x > 2
        node = by_id(self.p)[y.id]
        self.assertEqual(("gt", self.x.id), (node["op"], node["args"][0]))
        self.assertTrue(y.boolean)

    def test_mismatch_names_the_op(self):
        with self.assertRaisesRegex(ValueError, r"^add: shapes \(4, 3\) and \(2,\) do not broadcast"):
            self.x + [1, 2]
        with self.assertRaisesRegex(ValueError, "^lt:"):
            self.x < self.p.constant([[1, 2, 3]] * 2)
        with self.assertRaisesRegex(ValueError, "^where:"):
            self.p.where(self.x > 0, self.x, [1, 2])
        with self.assertRaisesRegex(ValueError, "^matmul:"):
            self.x @ self.x
        with self.assertRaisesRegex(ValueError, "^matmul:"):
            self.x.reshape(1, 4, 3) @ self.x.T

    def test_matmul_ranks(self):
        p, x = self.p, self.x
        v3, v4 = p.constant([1, 2, 3]), p.constant([1, 2, 3, 4])
        self.assertEqual((4,), (x @ v3).shape)
        self.assertEqual((3,), (v4 @ x).shape)
        self.assertEqual((), (v3 @ v3).shape)
        self.assertEqual((4, 4), (x @ x.T).shape)
        self.assertEqual((3, 3), ([[1, 0, 0, 0]] * 3 @ x.T.T).shape)


class SliceTest(unittest.TestCase):

    def setUp(self):
        self.p = Program()
        self.x = self.p.input("m", "d", ["a", "b", "c", "d"], rows=10)

    def slice_node(self, value):
        nodes = by_id(self.p)
        node = nodes[value.id]
        if node["op"] == "reshape":
            node = nodes[node["args"][0]]
        self.assertEqual("slice", node["op"])
        return node["starts"], node["stops"], node["steps"]

    def test_normalised(self):
        x = self.x
        cases = [
            (x[:, 1:3], (10, 2), ([0, 1], [10, 3], [1, 1])),
            (x[2:], (8, 4), ([2, 0], [10, 4], [1, 1])),
            (x[-3:, :-1], (3, 3), ([7, 0], [10, 3], [1, 1])),
            (x[1:100], (9, 4), ([1, 0], [10, 4], [1, 1])),
            (x[::3], (4, 4), ([0, 0], [10, 4], [3, 1])),
            (x[1::3, ::2], (3, 2), ([1, 0], [8, 3], [3, 2])),  # rows 1, 4, 7; columns 0, 2
            (x[0:9:4], (3, 4), ([0, 0], [9, 4], [4, 1])),
            (x[..., 1:2], (10, 1), ([0, 1], [10, 2], [1, 1])),
        ]
        for value, shape, attributes in cases:
            self.assertEqual(shape, value.shape)
            self.assertEqual(attributes, self.slice_node(value))

    def test_an_int_removes_its_axis(self):
        row, column = self.x[-1], self.x[:, 2]
        self.assertEqual(((4,), (10,)), (row.shape, column.shape))
        self.assertEqual(([9, 0], [10, 4], [1, 1]), self.slice_node(row))
        self.assertEqual(([0, 2], [10, 3], [1, 1]), self.slice_node(column))
        reshape = by_id(self.p)[column.id]
        self.assertEqual(("reshape", [10]), (reshape["op"], reshape["shape"]))
        self.assertEqual((), self.x[3, -2].shape)
        self.assertEqual((), self.x[3][1].shape)

    def test_the_whole_is_the_value_itself(self):
        before = len(self.p.nodes)
        self.assertIs(self.x, self.x[:, :])
        self.assertIs(self.x, self.x[0:10])
        self.assertEqual(before, len(self.p.nodes))

    def test_a_slice_of_a_comparison_stays_0_1(self):
        condition = (self.x > 0)[:, 0]
        self.assertTrue(condition.boolean)
        self.assertEqual((10,), self.p.where(condition, 1.0, 0.0).shape)

    def test_errors(self):
        x = self.x
        with self.assertRaisesRegex(ValueError, "selects nothing"):
            x[5:2]
        with self.assertRaisesRegex(ValueError, "selects nothing"):
            x[:, 4:]
        with self.assertRaisesRegex(ValueError, "steps must be >= 1"):
            x[::-1]
        with self.assertRaises(IndexError):
            x[10]
        with self.assertRaises(ValueError):  # the same error: numpy's AxisError is both
            x[:, -5]
        with self.assertRaises(IndexError):
            x[1, 2, 3]
        with self.assertRaises(TypeError):
            x[None]
        with self.assertRaises(TypeError):
            list(x)


class OpsTest(unittest.TestCase):

    def setUp(self):
        self.p = Program()
        self.x = self.p.input("m", "d", ["a", "b", "c"], rows=5)

    def test_unary_and_attributes(self):
        p, x = self.p, self.x
        for f in (p.relu, p.sigmoid, p.exp, p.log, p.sqrt, p.reciprocal, p.abs, p.neg, abs, lambda v: -v):
            self.assertEqual((5, 3), f(x).shape)
        clamp, softmax = p.clamp(x, -1, 2), p.softmax(x)
        transposed, reshaped = x.transpose((-1, 0)), x.reshape((-1, 5))
        nodes = by_id(p)
        self.assertEqual(("clamp", -1.0, 2.0), (nodes[clamp.id]["op"], nodes[clamp.id]["lo"], nodes[clamp.id]["hi"]))
        self.assertEqual(1, nodes[softmax.id]["axis"])
        self.assertEqual(((3, 5), [1, 0]), (transposed.shape, nodes[transposed.id]["perm"]))
        self.assertEqual(((3, 5), [3, 5]), (reshaped.shape, nodes[reshaped.id]["shape"]))
        self.assertEqual((3, 5), x.transpose(1, 0).shape)
        self.assertEqual((3, 5), x.reshape(-1, 5).shape)
        self.assertEqual((15,), x.reshape(15).shape)
        self.assertEqual((), x.sum().shape)
        self.assertEqual((5,), x.sum(-1).shape)
        self.assertEqual((3,), p.argmax(x, axis=0).shape)
        self.assertEqual((5, 6), p.concat([x, x], axis=-1).shape)
        self.assertEqual((10, 3), p.concat([x, x]).shape)

    def test_the_inference_layers_ops_by_name(self):
        p, x = self.p, self.x
        leaky, tanh, gelu = p.apply("leaky_relu", x, alpha=0.3), p.tanh(x), p.gelu(x)
        nodes = by_id(p)
        self.assertEqual((5, 3), leaky.shape)
        self.assertEqual(("leaky_relu", 0.3), (nodes[leaky.id]["op"], nodes[leaky.id]["alpha"]))
        self.assertEqual(["tanh", "gelu"], [nodes[tanh.id]["op"], nodes[gelu.id]["op"]])
        with self.assertRaises(ValueError):
            p.apply("", x)

    def test_dp(self):
        p, x = self.p, self.x
        total = p.dp_sum(x, lower=0, upper=100, epsilon=1.0, delta=1e-6)
        self.assertEqual((3,), total.shape)
        self.assertEqual({"id": total.id, "op": "dp_sum", "args": [x.id], "lower": 0.0, "upper": 100.0,
                          "epsilon": 1.0, "delta": 1e-6}, by_id(p)[total.id])
        self.assertEqual((3,), p.dp_mean(x, 0, 1, 0.5, 1e-9).shape)
        with self.assertRaisesRegex(ValueError, "^dp_sum: the argument must be"):
            p.dp_sum(x[:, 0], 0, 1, 1, 1e-6)
        with self.assertRaisesRegex(ValueError, "epsilon"):
            p.dp_mean(x, 0, 1, 0, 1e-6)

    def test_constants(self):
        p = self.p
        c = p.constant([[1, 2], [3, 4], [5, 6]])
        self.assertEqual((3, 2), c.shape)
        self.assertEqual({"id": c.id, "op": "constant", "shape": [3, 2], "values": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]},
                         by_id(p)[c.id])
        self.assertEqual((), p.constant(7).shape)
        with self.assertRaisesRegex(ValueError, "ragged"):
            p.constant([[1, 2], [3]])
        with self.assertRaisesRegex(ValueError, "empty"):
            p.constant([])
        with self.assertRaisesRegex(ValueError, "finite"):
            p.constant([1.0, float("nan")])

    def test_errors(self):
        p, x = self.p, self.x
        p.reveal(x, label="x")
        with self.assertRaisesRegex(ValueError, "already used"):
            p.reveal(x.sum(), label="x")
        with self.assertRaisesRegex(ValueError, "label"):
            p.reveal(x, label="x[0]")
        with self.assertRaisesRegex(ValueError, "label"):
            p.reveal(x)
        with self.assertRaisesRegex(ValueError, "^where: the condition must be a 0/1 value"):
            p.where(x, 1, 0)
        with self.assertRaisesRegex(ValueError, "^where: the condition must be a 0/1 value"):
            p.where(x * (x > 0), 1, 0)
        with self.assertRaisesRegex(ValueError, "another program"):
            x + Program().input("m", "d", ["a"], rows=5)
        with self.assertRaisesRegex(ValueError, "^reshape:"):
            x.reshape(4, -1)
        with self.assertRaisesRegex(ValueError, "^concat:"):
            p.concat([x, x.T], axis=0)
        with self.assertRaisesRegex(ValueError, "^transpose:"):
            x.transpose(0, 0)
        with self.assertRaises(IndexError):
            x.sum(axis=2)
        with self.assertRaisesRegex(TypeError, "truth value"):
            if x > 0:
                pass
        for bad in (lambda: p.input("", "d", ["a"], rows=1), lambda: p.input(-1, "d", ["a"], rows=1),
                    lambda: p.input("m", "d", [], rows=1), lambda: p.input("m", "d", ["a"], rows=0)):
            with self.assertRaisesRegex(ValueError, "^input:"):
                bad()

    def test_values_are_values(self):
        self.assertIsInstance(self.x, Value)
        self.assertEqual(2, self.x.ndim)
        self.assertIn("n0", repr(self.x))


class NestTest(unittest.TestCase):

    def test_nest(self):
        self.assertEqual(2.5, nest([], [2.5]))
        self.assertIsInstance(nest([], [3]), float)
        self.assertEqual([1.0, 2.0], nest([2], [1, 2]))
        self.assertEqual([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], nest([2, 3], [1, 2, 3, 4, 5, 6]))
        self.assertEqual([[[0.0, 1.0]], [[2.0, 3.0]]], nest((2, 1, 2), range(4)))
        with self.assertRaisesRegex(ValueError, "nest: 5 values for shape"):
            nest([2, 3], [1, 2, 3, 4, 5])


class RegroupTest(unittest.TestCase):

    def test_regroup(self):
        labels = ["t", "mean[0]", "mean[1]", "cov[0,0]", "cov[0,1]", "cov[1,0]", "cov[1,1]", "x > 0[0]"]
        values = [1.5, 2, 3, 4, 5, 6, 7, 1]
        result = regroup(labels, values)
        self.assertEqual(["t", "mean", "cov", "x > 0"], list(result))
        self.assertEqual({"t": 1.5, "mean": [2.0, 3.0], "cov": [[4.0, 5.0], [6.0, 7.0]], "x > 0": [1.0]}, result)

    def test_order_within_a_label_is_by_index(self):
        self.assertEqual({"m": [[1.0], [2.0]]}, regroup(["m[1,0]", "m[0,0]"], [2, 1]))

    def test_incomplete_or_inconsistent(self):
        with self.assertRaisesRegex(ValueError, "has 2 of the 3 elements"):
            regroup(["v[0]", "v[2]"], [1, 2])
        with self.assertRaisesRegex(ValueError, "twice"):
            regroup(["v[0]", "v[0]"], [1, 2])
        with self.assertRaisesRegex(ValueError, "ranks"):
            regroup(["v[0]", "v[0,1]"], [1, 2])
        with self.assertRaisesRegex(ValueError, "labels for"):
            regroup(["v"], [1, 2])


class SimulationMembersTest(unittest.TestCase):

    def test_data_then_program(self):
        p = Program()
        p.input("org-c", "d", ["a"], rows=3)
        x = p.input("org-a", "d", ["a"], rows=3)
        p.reveal(x, to=["org-d", "org-a"], label="x")
        data = {"org-a": {"d": "a.csv"}, "org-b": {"d": "b.csv"}}
        self.assertEqual(["org-c", "org-a", "org-d"], p.members)
        self.assertEqual(["org-a", "org-b", "org-c", "org-d"], simulation_members(data, p.members))

    def test_explicit_members_win(self):
        self.assertEqual(["b", "a"], simulation_members({"a": {}}, ["b"], members=["b", "a"]))
        with self.assertRaisesRegex(ValueError, "'c' is not among"):
            simulation_members({"a": {}}, ["c"], members=["b", "a"])

    def test_indices_are_positions(self):
        self.assertEqual(["a", "b"], simulation_members({"a": {}, "b": {}}, [1, 0]))
        self.assertEqual(["a", "b"], simulation_members({0: {}}, [1], members=["a", "b"]))
        with self.assertRaisesRegex(ValueError, "pass members="):
            simulation_members({"a": {}}, [1])

    def test_bad_names(self):
        for members in (["a,b"], ["a", "a"], []):
            with self.assertRaises(ValueError):
                simulation_members({}, [], members=members)


LAUNCHER = """\
import json, os, sys
args = sys.argv[1:]
with open(args[args.index("--program") + 1]) as f:
    program = json.load(f)
with open(os.environ["FAKE_RECORD"], "w") as f:
    json.dump({"args": args, "program": program}, f)
if os.environ.get("FAKE_REFUSE"):
    print("a warning first", file=sys.stderr)
    print("SPEC_INVALID: node n2 field args: refused", file=sys.stderr)
    sys.exit(1)
print("INFO a log line on stdout")
print(json.dumps({"results": {"cov": {"shape": [2, 2], "values": [1, 2, 3, 4]},
                              "n": {"shape": [], "values": [3]}}}))
"""


class SimulateTest(unittest.TestCase):
    """simulate against a stand-in launcher that records its arguments and the program it was given."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name
        self.launcher = os.path.join(self.dir, "mpc-node")
        with open(self.launcher, "w") as f:
            f.write("#!" + sys.executable + "\n" + LAUNCHER)
        os.chmod(self.launcher, stat.S_IRWXU)
        self.record = os.path.join(self.dir, "record.json")
        self.env = mock.patch.dict(os.environ, {"FAKE_RECORD": self.record})
        self.env.start()
        self.addCleanup(self.env.stop)
        self.p = p = Program()
        x = p.input("org-b", "cohort", ["a", "b"], rows=4)
        y = p.input(0, "labs", ["c"], rows=4)
        c = p.concat([x, y], axis=1)
        p.reveal(c.T @ c, to="org-c", label="cov")

    def recorded(self):
        with open(self.record) as f:
            return json.load(f)

    def test_arguments_and_results(self):
        result = self.p.simulate({"org-a": {"labs": "a.csv"}, "org-b": {"cohort": os.path.join("d", "b.csv")}},
                                 secure=False, launcher=self.launcher)
        self.assertEqual({"cov": [[1.0, 2.0], [3.0, 4.0]], "n": 3.0}, result)
        record = self.recorded()
        args = record["args"]
        self.assertEqual("simulate", args[0])
        self.assertEqual(["--data", "org-a:labs=a.csv", "--data", "org-b:cohort=" + os.path.join("d", "b.csv"),
                          "--members", "org-a,org-b,org-c", "--plain"], args[3:])
        self.assertEqual(json.loads(self.p.to_json()), record["program"])

    def test_secure_by_default_and_mpc_node_from_the_environment(self):
        with mock.patch.dict(os.environ, {"MPC_NODE": self.launcher}):
            self.p.simulate({0: {"labs": "a.csv"}}, members=["org-a", "org-b", "org-c"])
        args = self.recorded()["args"]
        self.assertNotIn("--plain", args)
        self.assertEqual(["--data", "org-a:labs=a.csv", "--members", "org-a,org-b,org-c"], args[3:])

    def test_mpc_node_on_the_path(self):
        with mock.patch.dict(os.environ, {"PATH": self.dir}):
            os.environ.pop("MPC_NODE", None)
            self.assertIn("cov", self.p.simulate({"org-a": {}}))

    def test_refusal_carries_the_line(self):
        with mock.patch.dict(os.environ, {"FAKE_REFUSE": "1"}):
            with self.assertRaises(SimulationFailed) as caught:
                self.p.simulate({"org-a": {}}, launcher=self.launcher)
        self.assertEqual("SPEC_INVALID: node n2 field args: refused", caught.exception.line)
        self.assertEqual(1, caught.exception.code)
        self.assertEqual("SPEC_INVALID: node n2 field args: refused", str(caught.exception))

    def test_no_launcher(self):
        empty = os.path.join(self.dir, "empty")
        os.mkdir(empty)
        with mock.patch.dict(os.environ, {"PATH": empty}):
            os.environ.pop("MPC_NODE", None)
            with self.assertRaisesRegex(FileNotFoundError, "launcher=.*MPC_NODE.*PATH"):
                self.p.simulate({"org-a": {}})
        with self.assertRaisesRegex(FileNotFoundError, "launcher="):
            self.p.simulate({"org-a": {}}, launcher=os.path.join(empty, "mpc-node"))


class FakeApi(http.server.BaseHTTPRequestHandler):
    """A node's job API for one job: accepts the submission, reports it SUCCEEDED and serves a labelled result."""

    submitted = []

    def log_message(self, *args):
        pass

    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        FakeApi.submitted.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.reply({"id": "job-1"})

    def do_GET(self):
        if self.path == "/v1/jobs/job-1":
            self.reply({"id": "job-1", "state": "SUCCEEDED", "phase": "finished"})
        else:
            labels = ["mean[0]", "mean[1]", "t"]
            self.reply({"id": "job-1", "result": [1.0, 2.0, 0.5], "labels": labels,
                        "named": dict(zip(labels, [1.0, 2.0, 0.5]))})


class ClientRunTest(unittest.TestCase):

    def test_run(self):
        server = http.server.HTTPServer(("127.0.0.1", 0), FakeApi)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        p = Program()
        x = p.input("org-a", "d", ["a", "b"], rows=3)
        p.reveal(x.mean(0), to="org-a", label="mean")
        p.reveal(x[:, 0].sum(), label="t")
        client = Client("http://127.0.0.1:%d" % server.server_port, token="not-a-secret")
        result = client.run(p, fractional_bits=20, offline="dealer")
        self.assertEqual({"mean": [1.0, 2.0], "t": 0.5}, result)
        self.assertEqual(["mean", "t"], list(result))
        spec = FakeApi.submitted[-1]
        self.assertEqual("program", spec["analysis"])
        self.assertEqual({"program": p.to_json(), "fractionalBits": "20", "offline": "dealer"}, spec["params"])


if __name__ == "__main__":
    unittest.main()

