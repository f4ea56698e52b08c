"""A Kaplan-Meier survival curve over two hospitals' records (data split by rows) on a public grid of whole days.

Per day t: at risk = #[time >= t], deaths = #[event and time == t] (two comparisons); the hazard deaths / at risk, and
the curve's running product, step by step; only the curve is revealed.
"""
import sys

from mpc_client import Client, Program


def build(n0, n1, days, to=None):
    p = Program()
    rec = p.concat([p.input("org-0", "survival", columns=["time", "event"], rows=n0),
                    p.input("org-1", "survival", columns=["time", "event"], rows=n1)], axis=0)   # [n, 2]
    time, event = rec[:, 0:1], rec[:, 1:2]
    on = p.constant([t - 0.5 for t in days])
    after = p.constant([t + 0.5 for t in days])
    at_risk = (time > on).sum(0)                                   # [m]
    deaths = ((time > on) - (time > after)) * event                # [n, m]
    hazard = deaths.sum(0) * p.reciprocal(at_risk)                 # [m]
    survival, s = [], None
    for j in range(len(days)):
        step = 1 - hazard[j:j + 1]
        s = step if s is None else s * step
        survival.append(s)
    p.reveal(p.concat(survival, axis=0), to=to, label="survival")
    return p


if __name__ == "__main__":
    print(Client(sys.argv[1], ca=sys.argv[2]).run(build(int(sys.argv[3]), int(sys.argv[4]), list(range(1, 9)))))
