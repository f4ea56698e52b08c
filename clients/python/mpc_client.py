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

Command line (the same operations; exit codes as mpc-node's: 0 ok, 1 job failed or refused, 2 usage,
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
import os
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "ApiError", "JobFailed"]

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
