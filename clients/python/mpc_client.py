"""A client of a consortium MPC node's job API, standard library only (Python 3.9+).

Submit a joint job to any party node, follow it, list jobs, cancel, and fetch results (at a result recipient's
node), from any host that can reach the node's API. The API is HTTPS with the node's certificate, signed by the
consortium CA (pass its file as ``ca``); clients authenticate with a bearer token (``token``) as listed in the
node's clients file, with roles (submitter, reader, auditor, admin).

    from mpc_client import Client
    c = Client("https://org-a.example.net:8101", token=os.environ["MPC_API_TOKEN"], ca="ca.crt")
    job = c.submit("secure-sum", {"input": "v.csv", "length": "3", "resultParty": "0"})
    record = c.wait(job, progress=True)          # a progress line on stderr: phase, elapsed
    print(c.result(job))                          # the result, at a result recipient's node
    print(c.named_result(job))                    # the same by name ({"sum[0]": ..., ...}) where the values have names

Programs (docs/programs.md): any joint analysis, as a dataflow graph that every member's node checks against its
own policy before anything runs. Trace one with numpy-like operators (shapes are checked as it is built), try it on
local CSV files with the nodes' own evaluator, then run it on the consortium:

    from mpc_client import Program
    p = Program()
    x = p.input("org-a", "cohort", columns=["age", "bmi"], rows=442, key="id")
    y = p.input("org-b", "labs", columns=["glucose"], rows=442, key="id")
    xy = p.concat([x, y], axis=1)                 # shape (442, 3), rows aligned by the column id
    centred = xy - xy.mean(axis=0)
    p.reveal(centred.T @ centred / 441, to="org-a", label="covariance")
    p.simulate({"org-a": {"cohort": "a.csv"}, "org-b": {"labs": "b.csv"}})  # {"covariance": [[...], ...]}
    c.run(p, progress=True)                       # the same, jointly, at org-a's node

Command line (the job operations, not programs; exit codes as mpc-node's: 0 ok, 1 job failed or refused, 2 usage,
3 unreachable or TLS failure, 4 timed out):

    python3 mpc_client.py --api URL --ca ca.crt submit --analysis secure-sum -p input=v.csv -p length=3 --wait
    python3 mpc_client.py --api URL --ca ca.crt jobs [--state FAILED] [--limit 50] [--offset 0]
    python3 mpc_client.py --api URL --ca ca.crt status ID | result ID | cancel ID | health

A job the node's own policy refuses is answered 409 (``ApiError.status``; the message names the rule); 403 means
the client lacks the role.

Installed with ``pip install ./clients/python`` (the package consortium-mpc-client), the command is ``mpc-client``.

The token comes from --token or the MPC_API_TOKEN environment variable; it is never printed.
"""

import argparse
import json
import math
import numbers
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "ApiError", "JobFailed", "Program", "Value", "SimulationFailed", "nest", "regroup"]

#: The phases a job passes through, in order, for the progress line.
PHASES = ["proposed", "starting", "input check", "offline", "online", "finished"]
#: Job states after which nothing changes.
FINAL_STATES = {"SUCCEEDED", "FAILED", "REFUSED", "CANCELLED"}


class ApiError(Exception):
    """The API answered with an error status (the message carries the status and the node's reason)."""

    def __init__(self, status, body):
        try:
            reason = json.loads(body).get("error") or body
        except (ValueError, AttributeError):
            reason = body
        super().__init__("HTTP %d: %s" % (status, " ".join(str(reason).split())[:500]))
        self.status = status
        self.body = body


class JobFailed(Exception):
    """A job ended in a state other than SUCCEEDED; ``record`` is its job record."""

    def __init__(self, record):
        err = record.get("error") or record.get("refusal") or {}
        super().__init__("job %s %s: %s" % (record.get("id"), record.get("state"), json.dumps(err)))
        self.record = record


class Client:
    """One node's job API."""

    def __init__(self, api, token=None, ca=None, timeout=30.0):
        self.api = api.rstrip("/")
        self._token = token if token is not None else os.environ.get("MPC_API_TOKEN", "")
        self.timeout = timeout
        # the node's certificate must come from the consortium CA and name the host in ``api`` (its member asks for
        # its host names with 'mpc-node keygen --member NAME --host HOST'); 127.0.0.1 and localhost always are
        self._ssl = ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()

    def __repr__(self):
        return "Client(%r)" % self.api  # never the token

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.api + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self._token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout, context=self._ssl) as r:
                text = r.read().decode("utf-8")
                return json.loads(text) if text.strip() else {}
        except urllib.error.HTTPError as e:
            raise ApiError(e.code, e.read().decode("utf-8", "replace")) from None

    def submit(self, analysis, params=None):
        """Proposes a job; returns its id (the nodes then vote on it)."""
        spec = {"analysis": analysis, "params": {k: str(v) for k, v in (params or {}).items()}}
        return self._request("POST", "/v1/jobs", spec)["id"]

    def jobs(self, state=None, limit=None, offset=None):
        """A page of the jobs this node knows, newest first (the node's default page: the newest 50)."""
        return self.job_page(state, limit, offset)["jobs"]

    def job_page(self, state=None, limit=None, offset=None):
        """``{"jobs": [...], "total": N, "offset": O, "limit": L}``: jobs newest first, of ``state`` if given;
        ``total`` counts every job of that state, so page with ``offset += limit`` while ``offset < total``."""
        query = [(k, v) for k, v in (("state", state), ("limit", limit), ("offset", offset)) if v is not None]
        return self._request("GET", "/v1/jobs" + ("?" + urllib.parse.urlencode(query) if query else ""))

    def job(self, job_id):
        """One job's record."""
        return self._request("GET", "/v1/jobs/" + job_id)

    def result(self, job_id):
        """The job's result (only at a result recipient's node)."""
        return self._request("GET", "/v1/jobs/" + job_id + "/result")["result"]

    def named_result(self, job_id):
        """The job's result by name, in order (``{"coefficient[x1]": ..., "intercept": ...}``), from the names the job's
        spec gives its values; ``None`` where the values have only positions (only at a result recipient's node)."""
        return self._request("GET", "/v1/jobs/" + job_id + "/result").get("named")

    def run(self, program, timeout=600.0, progress=False, fractional_bits=None, offline=None, comparisons=None):
        """Submits ``program`` (a Program, or its JSON text) as a job of analysis ``program``, follows it and returns
        the reveals this node's member receives, ``{label: nested list}`` (a float for a scalar), in the node's order.

        ``fractional_bits``, ``offline`` ("dealer" or "ot") and ``comparisons`` ("boolean", "fss" or "auto") become the
        job's ``fractionalBits``, ``offline`` and ``comparisons`` parameters when given. Raises JobFailed if the job fails or a member refuses it, TimeoutError after
        ``timeout`` seconds, and ApiError 403 at a node whose member receives nothing.
        """
        params = {"program": program.to_json() if isinstance(program, Program) else program}
        if fractional_bits is not None:
            params["fractionalBits"] = fractional_bits
        if offline is not None:
            params["offline"] = offline
        if comparisons is not None:
            params["comparisons"] = comparisons
        job_id = self.submit("program", params)
        self.wait(job_id, timeout=timeout, progress=progress)
        body = self._request("GET", "/v1/jobs/" + job_id + "/result")
        if "labels" not in body:
            raise ValueError("job %s: the node named no values of the result, so they cannot be regrouped" % job_id)
        return regroup(body["labels"], body["result"])

    def query(self, sql, tables, to=None, min_group=1, timeout=600.0, progress=False):
        """Runs a joint query in SQL (README, "Joint queries in SQL") and returns its result table at this node's
        member, ``{"header": [...], "rows": [[...], ...]}``. ``tables`` is the public schema of the tables it may name
        (``{name: {member, dataset, rows, columns: {column: "key" | "number" | [labels]}}}``), ``to`` the members that
        receive the result (a name or a list; every member by default). Raises ApiError 400 for a query the nodes do not
        accept (one line naming the construct), 409 when a member's rules refuse it, JobFailed if it fails."""
        job_id = self._request("POST", "/v1/queries", self._query_body(sql, tables, to, min_group))["id"]
        self.wait(job_id, timeout=timeout, progress=progress)
        return self._request("GET", "/v1/jobs/" + job_id + "/result")["table"]

    def explain_query(self, sql, tables, to=None, min_group=1):
        """What a query would read, reveal and cost (per operator), checked at this node; nothing is proposed."""
        return self._request("POST", "/v1/queries?explain=true", self._query_body(sql, tables, to, min_group))

    @staticmethod
    def _query_body(sql, tables, to, min_group):
        body = {"sql": sql, "tables": tables, "minGroup": int(min_group)}
        if to is not None:
            body["to"] = [to] if isinstance(to, str) else list(to)
        return body

    def cancel(self, job_id):
        """Cancels the job on every node."""
        return self._request("POST", "/v1/jobs/" + job_id + "/cancel", {})

    def health(self):
        """The node's health (raises ApiError with status 503 when it is not ready)."""
        return self._request("GET", "/v1/health")

    def wait(self, job_id, timeout=600.0, progress=False, poll=0.2, out=sys.stderr):
        """Waits for the job to end; returns its record if it succeeded, raises JobFailed otherwise.

        With ``progress``, a line on ``out`` shows a bar of the phases done, the phase and the elapsed time.
        """
        start = time.monotonic()
        last = None
        while True:
            rec = self.job(job_id)
            state = rec.get("state", "")
            phase = rec.get("phase", "")
            if progress:
                done = PHASES.index(phase) + 1 if phase in PHASES else 0
                if state in FINAL_STATES:
                    done = len(PHASES)
                line = "[%s%s] %-9s %-9s %6.1f s" % ("#" * done, "." * (len(PHASES) - done), state.lower(), phase,
                                                    time.monotonic() - start)
                if line != last:
                    out.write("\r" + line)
                    out.flush()
                    last = line
            if state in FINAL_STATES:
                if progress:
                    out.write("\n")
                if state != "SUCCEEDED":
                    raise JobFailed(rec)
                return rec
            if time.monotonic() - start > timeout:
                if progress:
                    out.write("\n")
                raise TimeoutError("job %s still %s after %.0f s" % (job_id, state, timeout))
            time.sleep(poll)


# -- Programs (docs/programs.md, format version 1) --------------------------------------------------------------------

#: The ``format`` and ``version`` of the program JSON this front-end writes.
PROGRAM_FORMAT = "mpc-program"
PROGRAM_VERSION = 1
#: The ops whose result is a 0/1 value, the only kind ``where`` takes as its condition.
_COMPARISONS = {"lt", "gt", "le", "ge", "eq", "ne"}


class AxisError(ValueError, IndexError):
    """An axis or an index out of range for a value's shape (both a ValueError and an IndexError, as numpy's)."""


class SimulationFailed(Exception):
    """The evaluator refused or failed a program in ``Program.simulate``: ``line`` is its message, ``code`` its exit
    code."""

    def __init__(self, line, code):
        super().__init__(line)
        self.line = line
        self.code = code


class Value:
    """A traced value of a Program: the id of the node that makes it, its static ``shape`` (a tuple) and whether it
    is a comparison's 0/1 result (``boolean``). Operators add nodes to the program; nothing is computed in Python.

    ``+ - * / @`` (and their reflected forms, so ``2 * x`` and ``1 - x`` work), ``< > <= >=`` (0/1 values), unary
    ``-`` and ``abs()``, ``.T``, ``.transpose(perm)``, ``.reshape(shape)``, ``.sum(axis)``, ``.mean(axis)`` and
    indexing with ints and slices (``x[:, 1:3]``, ``x[::2, -1]``). Python numbers, nested lists and numpy arrays
    become constants and broadcast as in numpy.
    """

    __array_ufunc__ = None  # numpy arrays defer to the reflected operators (ndarray * x calls x.__rmul__)
    __iter__ = None  # not iterable (Python would otherwise iterate through __getitem__, a slice node per row)

    def __init__(self, program, node_id, shape, boolean=False):
        self.program = program
        self.id = node_id
        self.shape = tuple(shape)
        self.boolean = boolean

    def __repr__(self):
        return "Value(%s, shape=%r%s)" % (self.id, self.shape, ", 0/1" if self.boolean else "")

    def __bool__(self):
        raise TypeError("a traced value has no truth value while the program is built (nothing branches on "
                        "secret data); use Program.where")

    @property
    def ndim(self):
        return len(self.shape)

    def __add__(self, other):
        return self.program._binary("add", self, other)

    def __radd__(self, other):
        return self.program._binary("add", other, self)

    def __sub__(self, other):
        return self.program._binary("sub", self, other)

    def __rsub__(self, other):
        return self.program._binary("sub", other, self)

    def __mul__(self, other):
        return self.program._binary("mul", self, other)

    def __rmul__(self, other):
        return self.program._binary("mul", other, self)

    def __truediv__(self, other):
        return self.program._binary("div", self, other)

    def __rtruediv__(self, other):
        return self.program._binary("div", other, self)

    def __matmul__(self, other):
        return self.program.matmul(self, other)

    def __rmatmul__(self, other):
        return self.program.matmul(other, self)

    def __lt__(self, other):
        return self.program._binary("lt", self, other)

    def __gt__(self, other):
        return self.program._binary("gt", self, other)

    def __le__(self, other):
        return self.program._binary("le", self, other)

    def __ge__(self, other):
        return self.program._binary("ge", self, other)

    def ratio(self, other):
        """self / other for other a count in [1, 2**24) (an average's denominator): precise at any count, unlike
        ``/``, whose reciprocal covers [0.001, 10000]."""
        return self.program._binary("ratio", self, other)

    def eq(self, other):
        """0/1 where equal (exact on fixed-point values; ``==`` stays Python's identity, as for numpy-like tracers)."""
        return self.program._binary("eq", self, other)

    def ne(self, other):
        """0/1 where different."""
        return self.program._binary("ne", self, other)

    def __neg__(self):
        return self.program.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return self.program.abs(self)

    @property
    def T(self):
        """The transpose (axes reversed)."""
        return self.program.transpose(self)

    def transpose(self, *perm):
        """The axes permuted: ``x.transpose(1, 0)`` or ``x.transpose((1, 0))``; none given: reversed."""
        return self.program.transpose(self, _dims(perm) if perm else None)

    def reshape(self, *shape):
        """The same elements in ``shape`` (ints or one sequence; one entry may be -1)."""
        return self.program.reshape(self, _dims(shape))

    def sum(self, axis=None):
        """The sum over ``axis`` (removed), or over all elements (shape ``()``)."""
        return self.program.sum(self, axis)

    def mean(self, axis=None):
        """The mean over ``axis`` (removed), or over all elements (shape ``()``)."""
        return self.program.mean(self, axis)

    def __getitem__(self, key):
        return self.program._index(self, key)


def _dims(args):
    """``(2, 3)`` from ``f(2, 3)`` or ``f((2, 3))``."""
    return tuple(args[0]) if len(args) == 1 and not isinstance(args[0], numbers.Integral) else tuple(args)


def _broadcast(op, *shapes):
    """The shape numpy's broadcasting gives ``shapes``; ValueError naming ``op`` if they do not broadcast."""
    rank = max(len(s) for s in shapes)
    out = []
    for i in range(-rank, 0):
        dims = {s[i] for s in shapes if len(s) >= -i} - {1}
        if len(dims) > 1:
            raise ValueError("%s: shapes %s do not broadcast" % (op, " and ".join(str(tuple(s)) for s in shapes)))
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def _axis(op, axis, rank):
    """``axis`` (may be negative) as 0..rank-1."""
    if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
        raise TypeError("%s: axis must be an int, not %r" % (op, axis))
    if not -rank <= axis < rank:
        raise AxisError("%s: axis %d is out of range for rank %d" % (op, axis, rank))
    return int(axis) % rank


def _number(op, name, v):
    """``v`` as a finite float (JSON has no NaN or infinity)."""
    if not isinstance(v, numbers.Real):
        raise TypeError("%s: %s must be a number, not %r" % (op, name, v))
    f = float(v)
    if not math.isfinite(f):
        raise ValueError("%s: %s must be finite, not %r" % (op, name, v))
    return f


def _flatten(values):
    """The shape and the row-major floats of a number or a rectangular nested list."""
    if isinstance(values, numbers.Real):
        return (), [_number("constant", "a value", values)]
    if not isinstance(values, (list, tuple)):
        raise TypeError("constant: expected a number or a nested list, not %r" % type(values).__name__)
    if not values:
        raise ValueError("constant: an empty list")
    parts = [_flatten(v) for v in values]
    if any(s != parts[0][0] for s, _ in parts):
        raise ValueError("constant: a ragged nested list (rows of different shapes)")
    return (len(values),) + parts[0][0], [f for _, flat in parts for f in flat]


def _check_member(op, member):
    if isinstance(member, bool) or not (isinstance(member, str) and member
                                        or isinstance(member, numbers.Integral) and member >= 0):
        raise ValueError("%s: a member is a name or an index >= 0, not %r" % (op, member))
    return member if isinstance(member, str) else int(member)


class Program:
    """A program (docs/programs.md): a dataflow graph of tensor operations that every member's node checks against
    its policy before anything runs. Build it by tracing: ``input`` gives values, operators and the methods below
    add nodes, ``reveal`` names what whom receives. Shapes are checked as the program is built (ValueError naming
    the op). Then ``simulate`` it on local files, or ``Client.run`` it on the consortium.

        p = Program()
        x = p.input("org-0", "cohort", columns=["age", "bmi"], rows=442)
        y = p.input("org-1", "cohort", columns=["glucose"], rows=442, key="id")
        xy = p.concat([x, y], axis=1)
        c = xy - xy.mean(0)
        p.reveal(c.T @ c / 441, to="org-0", label="covariance")
    """

    def __init__(self):
        self._nodes = []
        self._labels = set()
        self._members = []

    def __repr__(self):
        return "Program(%d nodes)" % len(self._nodes)

    @property
    def nodes(self):
        """The nodes so far, in order (copies: the program is built only through its methods)."""
        return [dict(n) for n in self._nodes]

    @property
    def members(self):
        """The members the program names (inputs, then recipients, in order of first appearance): names or indices."""
        return list(self._members)

    def to_json(self):
        """The program's canonical JSON (sorted keys, no spaces): what the members hash and vote on."""
        program = {"format": PROGRAM_FORMAT, "version": PROGRAM_VERSION, "nodes": self._nodes}
        return json.dumps(program, sort_keys=True, separators=(",", ":"), allow_nan=False)

    # -- building ------------------------------------------------------------------------------------------------

    def _add(self, op, args, value_shape, boolean=False, **attributes):
        """Appends a node of ``op`` on ``args`` (values) with ``attributes`` (None: left out); returns its value, of
        shape ``value_shape``, a 0/1 value if ``boolean``."""
        node = {"id": "n%d" % len(self._nodes), "op": op}
        if args:
            node["args"] = [a.id for a in args]
        node.update((k, v) for k, v in attributes.items() if v is not None)
        self._nodes.append(node)
        return Value(self, node["id"], value_shape, boolean)

    def _value(self, x, op):
        """``x`` as a value of this program: a Python number or a nested list becomes a constant."""
        if isinstance(x, Value):
            if x.program is not self:
                raise ValueError("%s: a value of another program" % op)
            return x
        return self.constant(x)

    def _note_member(self, member):
        if member not in self._members:
            self._members.append(member)

    def input(self, member, dataset, columns, rows, key=None):
        """A member's dataset: the ``columns`` of its ``rows`` rows (aligned across members by the column ``key``
        when given), a secret of shape ``(rows, len(columns))``. ``member`` is a name or an index (party order)."""
        member = _check_member("input", member)
        columns = list(columns)
        if not isinstance(dataset, str) or not dataset:
            raise ValueError("input: dataset must be a name, not %r" % (dataset,))
        if not columns or not all(isinstance(c, str) and c for c in columns):
            raise ValueError("input: columns must be one or more names, not %r" % (columns,))
        if isinstance(rows, bool) or not isinstance(rows, numbers.Integral) or rows < 1:
            raise ValueError("input: rows must be an int >= 1, not %r" % (rows,))
        if key is not None and (not isinstance(key, str) or not key):
            raise ValueError("input: key must be a column name, not %r" % (key,))
        self._note_member(member)
        return self._add("input", [], (int(rows), len(columns)), member=member, dataset=dataset, columns=columns,
                         rows=int(rows), key=key)

    def join(self, tables, values=None):
        """A secret join on the tables' keys: ``tables`` is a list of dicts ``{member, dataset, key, columns, rows}``,
        the first the anchor. The result has the anchor's rows and every table's columns, then one 0/1 column per
        other table (1 where it holds the row's key); nobody learns which rows match (docs/programs.md). With
        ``values`` (one per table, ``None`` for a table that brings its keys alone), each table's values are computed
        by its member from its own rows (its filters and encodings stay local) instead of ``columns``."""
        if not isinstance(tables, (list, tuple)) or len(tables) < 2:
            raise ValueError("join: tables must list at least two tables, the anchor first")
        if values is not None and len(values) != len(tables):
            raise ValueError("join: one value (or None) per table")
        out, width, args = [], 0, []
        for i, t in enumerate(tables):
            missing = {"member", "dataset", "key", "rows"} - set(t)
            if missing:
                raise ValueError("join: table %d lacks %s" % (i, sorted(missing)))
            member = _check_member("join", t["member"])
            self._note_member(member)
            entry = {"member": member, "dataset": t["dataset"], "key": t["key"], "rows": int(t["rows"])}
            if values is None:
                columns = list(t.get("columns", []))
                entry["columns"] = columns
                width += len(columns)
            elif values[i] is None:
                entry["values"] = False
            else:
                v = self._value(values[i], "join")
                if v.ndim != 2 or v.shape[0] != entry["rows"]:
                    raise ValueError("join: table %d's values must have shape (%d, w), not %s" % (i, entry["rows"], v.shape))
                args.append(v)
                width += v.shape[1]
            out.append(entry)
        width += len(tables) - 1
        return self._add("join", args, (out[0]["rows"], width), tables=out)

    def group_sum(self, key, weight, values):
        """Sums per group of a secret ``key`` (shape (n, 1)) of any value over the rows whose ``weight`` (0/1, (n, 1))
        is 1: shape (n, 2 + k), per row a 0/1 flag (it ends a group), the key and the group's sums, zeros elsewhere."""
        key, weight, values = (self._value(v, "group_sum") for v in (key, weight, values))
        n = key.shape[0]
        if key.shape != (n, 1) or weight.shape != (n, 1) or values.ndim != 2 or values.shape[0] != n:
            raise ValueError("group_sum: key (n, 1), weight (n, 1) and values (n, k), not %s, %s, %s"
                             % (key.shape, weight.shape, values.shape))
        return self._add("group_sum", [key, weight, values], (n, 2 + values.shape[1]))

    def compact(self, x):
        """The rows whose column 0 is 1 first (after group_sum: the groups, without where they ended)."""
        x = self._value(x, "compact")
        if x.ndim != 2:
            raise ValueError("compact: a value of shape (n, c), not %s" % (x.shape,))
        return self._add("compact", [x], x.shape)

    def constant(self, values):
        """A public constant: a number (shape ``()``), a rectangular nested list or a numpy array."""
        if hasattr(values, "tolist"):  # a numpy array or scalar
            values = values.tolist()
        shape, flat = _flatten(values)
        return self._add("constant", [], shape, shape=list(shape), values=flat)

    def _binary(self, op, a, b):
        a, b = self._value(a, op), self._value(b, op)
        return self._add(op, [a, b], _broadcast(op, a.shape, b.shape), boolean=op in _COMPARISONS)

    def _unary(self, op, x, **attributes):
        x = self._value(x, op)
        return self._add(op, [x], x.shape, **attributes)

    def neg(self, x):
        return self._unary("neg", x)

    def abs(self, x):
        return self._unary("abs", x)

    def relu(self, x):
        return self._unary("relu", x)

    def sigmoid(self, x):
        return self._unary("sigmoid", x)

    def exp(self, x):
        return self._unary("exp", x)

    def log(self, x):
        return self._unary("log", x)

    def sqrt(self, x):
        return self._unary("sqrt", x)

    def rsqrt(self, x):
        """1/sqrt(x) over [2^-24, 2^24) (a variance's range, as the built-in regressions standardize)."""
        return self._unary("rsqrt", x)

    def reciprocal(self, x):
        return self._unary("reciprocal", x)

    def apply(self, op, x, **attributes):
        """An elementwise op of the inference layers by its program name (``tanh``, ``erf``, ``gelu``, ``gelu_tanh``,
        ``hard_sigmoid``, ``hard_swish``, ``leaky_relu``; the node's list in docs/programs.md), with its attributes
        (``alpha``, ``beta``: numbers; ``gelu``'s ``approximate``): the members' nodes check the name and attributes."""
        if not isinstance(op, str) or not op:
            raise ValueError("apply: op must be a program op's name, not %r" % (op,))
        attributes = {k: (v if isinstance(v, str) else _number(op, k, v)) for k, v in attributes.items()}
        return self._unary(op, x, **attributes)

    def tanh(self, x):
        return self.apply("tanh", x)

    def gelu(self, x):
        return self.apply("gelu", x)

    def clamp(self, x, lo, hi):
        """``x`` limited to ``[lo, hi]`` (public numbers)."""
        lo, hi = _number("clamp", "lo", lo), _number("clamp", "hi", hi)
        if lo > hi:
            raise ValueError("clamp: lo %r is above hi %r" % (lo, hi))
        return self._unary("clamp", x, lo=lo, hi=hi)

    def where(self, condition, a, b):
        """``a`` where ``condition`` is 1, else ``b`` (broadcast); the condition must be a comparison's 0/1 result."""
        condition = self._value(condition, "where")
        if not condition.boolean:
            raise ValueError("where: the condition must be a 0/1 value from a comparison (< > <= >=), not %s"
                             % condition.id)
        a, b = self._value(a, "where"), self._value(b, "where")
        return self._add("where", [condition, a, b], _broadcast("where", condition.shape, a.shape, b.shape))

    def matmul(self, a, b):
        """``a @ b`` for operands of rank 1 or 2, with numpy's rule (a rank-1 operand is a row or column vector)."""
        a, b = self._value(a, "matmul"), self._value(b, "matmul")
        if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
            raise ValueError("matmul: operands must have rank 1 or 2, not shapes %s and %s" % (a.shape, b.shape))
        if a.shape[-1] != b.shape[0]:
            raise ValueError("matmul: shapes %s and %s do not match (%d != %d)"
                             % (a.shape, b.shape, a.shape[-1], b.shape[0]))
        return self._add("matmul", [a, b], a.shape[:-1] + b.shape[1:])

    def _reduce(self, op, x, axis):
        """``op`` over ``axis`` of ``x`` (removed), or over all of it when ``axis`` is None (``sum``, ``mean``)."""
        x = self._value(x, op)
        if axis is None and op in ("sum", "mean"):
            return self._add(op, [x], ())
        axis = _axis(op, axis, x.ndim)
        return self._add(op, [x], x.shape[:axis] + x.shape[axis + 1:], axis=axis)

    def sum(self, x, axis=None):
        """The sum over ``axis`` (removed), or over all elements (shape ``()``)."""
        return self._reduce("sum", x, axis)

    def mean(self, x, axis=None):
        """The mean over ``axis`` (removed), or over all elements (shape ``()``)."""
        return self._reduce("mean", x, axis)

    def max(self, x, axis=-1):
        """The largest value along ``axis`` (removed)."""
        return self._reduce("max", x, axis)

    def argmax(self, x, axis=-1):
        """The index of the largest value along ``axis`` (removed)."""
        return self._reduce("argmax", x, axis)

    def softmax(self, x, axis=-1):
        """The softmax along ``axis`` (same shape)."""
        x = self._value(x, "softmax")
        return self._add("softmax", [x], x.shape, axis=_axis("softmax", axis, x.ndim))

    def transpose(self, x, perm=None):
        """The axes of ``x`` permuted by ``perm`` (may be negative), reversed when ``perm`` is None."""
        x = self._value(x, "transpose")
        if perm is None:
            return self._add("transpose", [x], x.shape[::-1], boolean=x.boolean)
        perm = [_axis("transpose", a, x.ndim) for a in perm]
        if sorted(perm) != list(range(x.ndim)):
            raise ValueError("transpose: %r is not a permutation of the %d axes" % (perm, x.ndim))
        return self._add("transpose", [x], tuple(x.shape[a] for a in perm), boolean=x.boolean, perm=perm)

    def reshape(self, x, shape):
        """The elements of ``x`` in ``shape`` (one entry may be -1: what the others leave)."""
        x = self._value(x, "reshape")
        shape = [int(d) if isinstance(d, numbers.Integral) and not isinstance(d, bool) else d for d in shape]
        if not all(isinstance(d, int) and (d >= 1 or d == -1) for d in shape) or shape.count(-1) > 1:
            raise ValueError("reshape: a shape is ints >= 1 with at most one -1, not %r" % (shape,))
        size = math.prod(x.shape)
        others = -math.prod(shape)  # the product of the dimensions other than -1 (if there is one)
        if -1 in shape and size % others == 0:
            shape[shape.index(-1)] = size // others
        if math.prod(shape) != size:
            raise ValueError("reshape: cannot reshape %s (%d elements) into %r" % (x.shape, size, tuple(shape)))
        return self._add("reshape", [x], tuple(shape), boolean=x.boolean, shape=shape)

    def concat(self, values, axis=0):
        """The values joined along ``axis``; every other dimension must agree."""
        values = [self._value(v, "concat") for v in values]
        if not values:
            raise ValueError("concat: nothing to join")
        rank = values[0].ndim
        if rank == 0 or any(v.ndim != rank for v in values):
            raise ValueError("concat: values must have one rank >= 1, not shapes %s"
                             % ", ".join(str(v.shape) for v in values))
        axis = _axis("concat", axis, rank)
        first = values[0].shape
        for v in values:
            if v.shape[:axis] + v.shape[axis + 1:] != first[:axis] + first[axis + 1:]:
                raise ValueError("concat: shapes %s and %s differ outside axis %d" % (first, v.shape, axis))
        shape = first[:axis] + (sum(v.shape[axis] for v in values),) + first[axis + 1:]
        return self._add("concat", values, shape, boolean=all(v.boolean for v in values), axis=axis)

    def _index(self, x, key):
        """``x[key]`` with ints and slices (steps >= 1): a ``slice`` node with every axis normalised to
        ``0 <= start <= stop <= dim`` and ``stop = start + (count - 1) * step + 1``; an int also removes its axis
        (a ``reshape`` after the slice). The whole of ``x`` is ``x`` itself."""
        key = key if isinstance(key, tuple) else (key,)
        if key.count(Ellipsis) > 1:
            raise IndexError("slice: at most one ellipsis")
        if Ellipsis in key:
            at = key.index(Ellipsis)
            key = key[:at] + (slice(None),) * (x.ndim - len(key) + 1) + key[at + 1:]
        if len(key) > x.ndim:
            raise AxisError("slice: %d indices for a value of rank %d" % (len(key), x.ndim))
        key = key + (slice(None),) * (x.ndim - len(key))
        starts, stops, steps, counts, kept = [], [], [], [], []
        for axis, (k, dim) in enumerate(zip(key, x.shape)):
            if isinstance(k, slice):
                start, stop, step = k.indices(dim)
                if step < 1:
                    raise ValueError("slice: axis %d: steps must be >= 1, not %d" % (axis, step))
                count = len(range(start, stop, step))
                if count == 0:
                    raise ValueError("slice: axis %d: %r selects nothing of %d" % (axis, k, dim))
                kept.append(count)
            elif isinstance(k, numbers.Integral) and not isinstance(k, bool):
                if not -dim <= k < dim:
                    raise AxisError("slice: index %d is out of range for axis %d of size %d" % (k, axis, dim))
                start, step, count = int(k) % dim, 1, 1
            else:
                raise TypeError("slice: indices are ints and slices, not %r" % (k,))
            starts.append(start)
            stops.append(start + (count - 1) * step + 1)
            steps.append(step)
            counts.append(count)
        out = x
        if counts != list(x.shape) or any(s != 1 for s in steps):
            out = self._add("slice", [x], counts, boolean=x.boolean, starts=starts, stops=stops, steps=steps)
        return out if len(kept) == x.ndim else self.reshape(out, kept)

    def _dp(self, op, x, lower, upper, epsilon, delta):
        x = self._value(x, op)
        if x.ndim != 2:
            raise ValueError("%s: the argument must be [rows, k], not shape %s" % (op, x.shape))
        lower, upper = _number(op, "lower", lower), _number(op, "upper", upper)
        epsilon, delta = _number(op, "epsilon", epsilon), _number(op, "delta", delta)
        if lower > upper:
            raise ValueError("%s: lower %r is above upper %r" % (op, lower, upper))
        if epsilon <= 0 or not 0 < delta < 1:
            raise ValueError("%s: epsilon must be > 0 and delta in (0, 1), not %r and %r" % (op, epsilon, delta))
        return self._add(op, [x], x.shape[1:], lower=lower, upper=upper, epsilon=epsilon, delta=delta)

    def dp_sum(self, x, lower, upper, epsilon, delta):
        """The column sums of a row-local ``[rows, k]`` value, each value clamped to ``[lower, upper]``, with
        (epsilon, delta)-differentially private noise that no party knows (shape ``(k,)``)."""
        return self._dp("dp_sum", x, lower, upper, epsilon, delta)

    def dp_mean(self, x, lower, upper, epsilon, delta):
        """``dp_sum`` divided by the public row count."""
        return self._dp("dp_mean", x, lower, upper, epsilon, delta)

    def reveal(self, value, to=None, label=None):
        """Reveals ``value`` under ``label`` (unique in the program, without brackets: result elements are named
        ``label[i,j]``) to ``to``: a member, a list of members, or None for every member."""
        value = self._value(value, "reveal")
        if not isinstance(label, str) or not label or "[" in label or "]" in label:
            raise ValueError("reveal: label must be a non-empty name without brackets, not %r" % (label,))
        if label in self._labels:
            raise ValueError("reveal: the label %r is already used" % label)
        recipients = [to] if isinstance(to, (str, numbers.Integral)) else list(to or [])
        recipients = [_check_member("reveal", m) for m in recipients]
        self._labels.add(label)
        for m in recipients:
            self._note_member(m)
        self._add("reveal", [value], (), to=recipients or None, label=label)

    # -- running ---------------------------------------------------------------------------------------------------

    def simulate(self, data, secure=True, members=None, launcher=None, timeout=600.0):
        """Runs the program on local CSV files with the nodes' own evaluator (``mpc-node simulate``) and returns
        ``{label: nested list}`` (a float for a scalar) for every reveal, whoever its recipients.

        ``data`` is ``{member: {dataset: csv_path}}``; ``members`` the member names in party order (default: the
        keys of ``data``, then the other members the program names; an index in the program is a position in that
        list). ``secure=False`` evaluates in the clear (``--plain``): faster, for debugging. The launcher is
        ``launcher``, else $MPC_NODE (the mpc-node script), else mpc-node on PATH. Raises SimulationFailed with the
        evaluator's message when it refuses or fails the program.
        """
        names = simulation_members(data, self._members, members)
        options = []
        for member, datasets in data.items():
            name = member if isinstance(member, str) else names[member]
            for dataset, path in datasets.items():
                options += ["--data", "%s:%s=%s" % (name, dataset, os.fspath(path))]
        options += ["--members", ",".join(names)] + ([] if secure else ["--plain"])
        launcher = _launcher(launcher)
        with tempfile.TemporaryDirectory(prefix="mpc-program-") as tmp:
            program = os.path.join(tmp, "program.json")
            with open(program, "w", encoding="utf-8") as f:
                f.write(self.to_json())
            done = subprocess.run([launcher, "simulate", "--program", program] + options, capture_output=True,
                                  text=True, timeout=timeout)
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise SimulationFailed(lines[-1].strip() if lines else "%s exited with %d" % (launcher, done.returncode),
                                   done.returncode)
        results = _json_output(done.stdout)["results"]
        return {label: nest(r["shape"], r["values"]) for label, r in results.items()}


def _launcher(launcher):
    """The mpc-node launcher: ``launcher``, else $MPC_NODE, else mpc-node on PATH."""
    given = launcher or os.environ.get("MPC_NODE")
    if given:
        found = shutil.which(given)
        if not found:
            raise FileNotFoundError("the node launcher %r (%s) is not an executable file"
                                    % (given, "launcher=" if launcher else "$MPC_NODE"))
        return found
    found = shutil.which("mpc-node")
    if not found:
        raise FileNotFoundError("no node launcher to simulate with: pass launcher=, set MPC_NODE to the mpc-node "
                                "script, or put mpc-node on PATH")
    return found


def _json_output(text):
    """The JSON object the evaluator printed: all of its output, or its last line (after any log lines)."""
    for candidate in (text, text.strip().rsplit("\n", 1)[-1]):
        try:
            return json.loads(candidate)
        except ValueError:
            pass
    raise SimulationFailed("the evaluator printed no result: %r" % text[-200:], 0)


def simulation_members(data, program_members, members=None):
    """The member names in party order for a simulation: ``members`` if given, else the names among the keys of
    ``data`` in order, then the names among ``program_members`` (``Program.members``) not among them.

    Every name the data or the program uses must be in the list and every index (a member given by position) must
    be within it; ValueError otherwise.
    """
    if members is not None:
        names = list(members)
    else:
        names = []
        for m in list(data) + list(program_members):
            if isinstance(m, str) and m not in names:
                names.append(m)
    if not names or not all(isinstance(n, str) and n and "," not in n and ":" not in n for n in names):
        raise ValueError("members: names without ',' or ':', not %r" % (names,))
    if len(set(names)) != len(names):
        raise ValueError("members: %r names a member twice" % (names,))
    for m in list(data) + list(program_members):
        if isinstance(m, str):
            if m not in names:
                raise ValueError("member %r is not among the members %r" % (m, names))
        elif isinstance(m, bool) or not isinstance(m, numbers.Integral) or not 0 <= m < len(names):
            raise ValueError("member %r is no index into the %d members %r: pass members= (the names in party order)"
                             % (m, len(names), names))
    return names


def nest(shape, flat):
    """The row-major values ``flat`` as nested lists of ``shape`` (floats); shape ``[]``: the one value, a float."""
    shape = tuple(shape)
    flat = list(flat)
    if len(flat) != math.prod(shape):
        raise ValueError("nest: %d values for shape %s" % (len(flat), shape))
    if not shape:
        return float(flat[0])

    def build(offset, dims):
        if len(dims) == 1:
            return [float(v) for v in flat[offset:offset + dims[0]]]
        step = math.prod(dims[1:])
        return [build(offset + i * step, dims[1:]) for i in range(dims[0])]

    return build(0, shape)


_ELEMENT = re.compile(r"(.*)\[(\d+(?:,\d+)*)\]")


def regroup(labels, values):
    """A program's result by reveal: ``{label: nested list}`` (a float for a scalar) from the per-element
    ``labels`` (``"mean"``, ``"cov[0,1]"``, row-major) and ``values`` the job API returns, in order of appearance.
    A reveal's shape is one more than its largest index on each axis; every element must be there once."""
    if len(labels) != len(values):
        raise ValueError("regroup: %d labels for %d values" % (len(labels), len(values)))
    groups = {}
    for label, v in zip(labels, values):
        m = _ELEMENT.fullmatch(label)
        name, index = (m.group(1), tuple(int(i) for i in m.group(2).split(","))) if m else (label, ())
        groups.setdefault(name, {})
        if index in groups[name]:
            raise ValueError("regroup: %r appears twice" % label)
        groups[name][index] = v
    out = {}
    for name, elements in groups.items():
        ranks = {len(i) for i in elements}
        if len(ranks) != 1:
            raise ValueError("regroup: %r has elements of different ranks" % name)
        rank = ranks.pop()
        shape = tuple(max(i[a] for i in elements) + 1 for a in range(rank))
        if len(elements) != math.prod(shape):
            raise ValueError("regroup: %r has %d of the %d elements of shape %s"
                             % (name, len(elements), math.prod(shape), shape))
        out[name] = nest(shape, [v for _, v in sorted(elements.items())])
    return out


def _local_time(iso):
    """An ISO-8601 instant (nanoseconds and all) as local time to the second."""
    if not iso:
        return ""
    import datetime
    try:
        whole = iso.rstrip("Z").split(".")[0]
        t = datetime.datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
        return t.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso


def _failure(job):
    err = job.get("error")
    if err:
        return "%s (%s, %s)" % (err.get("code"), err.get("phase"), err.get("party"))
    return job.get("refusal") or ""


def _params(pairs):
    out = {}
    for p in pairs or []:
        if "=" not in p:
            raise SystemExit("mpc_client: -p %r: expected key=value" % p)
        k, v = p.split("=", 1)
        out[k] = v
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="mpc_client", description="A client of a consortium MPC node's job API.")
    ap.add_argument("--api", default="https://127.0.0.1:8101", help="the node's job API")
    ap.add_argument("--ca", default=os.environ.get("MPC_API_CA"), help="the consortium CA certificate (default $MPC_API_CA)")
    ap.add_argument("--token", default=None, help="bearer token (default $MPC_API_TOKEN; prefer --token-file or the "
                    "environment: a command line is visible to other local users)")
    ap.add_argument("--token-file", default=None, help="a file holding the bearer token")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("submit", help="submit a job")
    s.add_argument("--analysis", required=True)
    s.add_argument("-p", "--param", action="append", help="a parameter key=value (repeatable)")
    s.add_argument("--wait", action="store_true", help="follow the job, then print its record and result")
    s.add_argument("--timeout", type=float, default=600.0)
    j = sub.add_parser("jobs", help="list jobs, newest first, a page at a time")
    j.add_argument("--state", help="only jobs in this state (FAILED, SUCCEEDED, REFUSED, ...)")
    j.add_argument("--limit", type=int, default=None, help="jobs per page, 1 to 500 (the node's default: 50)")
    j.add_argument("--offset", type=int, default=None, help="skip this many of the newest")
    sub.add_parser("health", help="the node's health (exit 0 when ready, 1 otherwise)")
    for name in ("status", "result", "cancel"):
        one = sub.add_parser(name, help=name + " of one job")
        one.add_argument("id")
        if name == "result":
            one.add_argument("--named", action="store_true",
                             help="print the values by name (an object), where the job's spec names them")
    a = ap.parse_args(argv)
    token = a.token
    if a.token_file:
        with open(a.token_file) as f:
            token = f.read().strip()
    c = Client(a.api, token=token, ca=a.ca)
    try:
        if a.cmd == "submit":
            job_id = c.submit(a.analysis, _params(a.param))
            if not a.wait:
                print(job_id)
                return 0
            try:
                rec = c.wait(job_id, timeout=a.timeout, progress=True)
            except JobFailed as e:
                print(json.dumps(e.record, indent=2))
                return 1
            try:
                body = c._request("GET", "/v1/jobs/" + job_id + "/result")
                rec["result"] = body["result"]
                if "named" in body:
                    rec["named"] = body["named"]
            except ApiError:
                pass  # not a result recipient here
            print(json.dumps(rec, indent=2))
            return 0
        if a.cmd == "jobs":
            page = c.job_page(a.state, a.limit, a.offset)
            print("%-17s %-20s %-10s %-19s %s" % ("id", "analysis", "state", "started", "failure"))
            for j in page["jobs"]:
                print("%-17s %-20s %-10s %-19s %s" % (j["id"], j["spec"]["analysis"], j["state"],
                                                      _local_time(j.get("started")), _failure(j)))
            shown, offset, total = len(page["jobs"]), page.get("offset", 0), page.get("total", len(page["jobs"]))
            if shown:
                print("jobs %d to %d of %d%s" % (offset + 1, offset + shown, total,
                                                 "; next: --offset %d" % (offset + shown) if offset + shown < total else ""))
            else:
                print("no jobs")
            return 0
        if a.cmd == "health":
            try:
                h = c.health()
            except ApiError as e:
                if e.status != 503:
                    raise
                h = json.loads(e.body)
            print(json.dumps(h, indent=2))
            return 0 if h.get("ready") else 1
        if a.cmd == "status":
            print(json.dumps(c.job(a.id), indent=2))
        elif a.cmd == "result":  # an array by default (what scripts parse); --named: an object by name
            named = c.named_result(a.id) if a.named else None
            print(json.dumps(named if named is not None else c.result(a.id)))
        elif a.cmd == "cancel":
            print(json.dumps(c.cancel(a.id)))
        return 0
    except ApiError as e:
        print("mpc_client: %s" % e, file=sys.stderr)
        return 1
    except TimeoutError as e:
        print("mpc_client: %s" % e, file=sys.stderr)
        return 4
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, ssl.SSLError):
            print("mpc_client: TLS handshake failed (is --ca the consortium CA?): %s" % reason, file=sys.stderr)
        else:
            print("mpc_client: cannot reach %s: %s" % (a.api, reason), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
