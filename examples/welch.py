"""Welch's two-sample t statistic over two members' samples of one outcome (data split by rows).

Each member inputs its sample; the means, the unbiased variances, the standard error and t are computed inside the
computation; t and the Welch-Satterthwaite degrees of freedom are revealed.
"""
import sys

from mpc_client import Client, Program


def build(n1, n2, to=None):
    p = Program()
    a = p.input("org-0", "trial", columns=["outcome"], rows=n1)
    b = p.input("org-1", "trial", columns=["outcome"], rows=n2)
    ma, mb = a.mean(0), b.mean(0)
    va = ((a - ma) * (a - ma)).sum(0) / (n1 - 1)
    vb = ((b - mb) * (b - mb)).sum(0) / (n2 - 1)
    se2 = va / n1 + vb / n2
    p.reveal((ma - mb) * p.reciprocal(p.sqrt(se2)), to=to, label="t")
    # Welch-Satterthwaite, scaled by n1^2 so that no term falls near the fixed-point resolution (2^-16)
    wb = vb * (n1 / n2)
    p.reveal((va + wb) * (va + wb) * p.reciprocal(va * va / (n1 - 1) + wb * wb / (n2 - 1)), to=to, label="df")
    return p


if __name__ == "__main__":
    print(Client(sys.argv[1], ca=sys.argv[2]).run(build(int(sys.argv[3]), int(sys.argv[4]))))
