"""A differentially private mean of a member's column: clamped to [lower, upper] inside the computation, binomial
noise no party knows, the cost charged to the dataset's budget; the only kind of release a dataset whose policy says
requireDp allows."""
import sys

from mpc_client import Client, Program


def build(rows, lower, upper, epsilon, delta=1e-6, to=None):
    p = Program()
    v = p.input("org-2", "visits", columns=["count"], rows=rows)
    p.reveal(p.dp_mean(v, lower, upper, epsilon, delta), to=to, label="mean")
    return p


if __name__ == "__main__":
    print(Client(sys.argv[1], ca=sys.argv[2]).run(build(int(sys.argv[3]), 0, 20, 1.0)))
