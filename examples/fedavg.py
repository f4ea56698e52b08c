"""Federated averaging of a linear model over two members' rows, with a DP mean of the gradient in every round.

Each round, every row's gradient x (x.w - y) is clamped to [-bound, bound] and averaged with binomial noise inside the
computation (dp_mean: the cost epsilon per round, charged to each member's dataset budget); the model moves by the
noisy mean. The model depends on the data only through the DP releases, so each round's gradient is still row-local.
"""
import sys

from mpc_client import Client, Program


def build(n0, n1, features, rounds=3, lr=0.5, bound=4.0, epsilon=1.0, delta=1e-6, to=None):
    p = Program()
    cols = ["x%d" % i for i in range(features)]
    x = p.concat([p.input("org-0", "sales", columns=cols, rows=n0),
                  p.input("org-1", "sales", columns=cols, rows=n1)], axis=0)      # [n, d]
    y = p.concat([p.input("org-0", "sales", columns=["y"], rows=n0),
                  p.input("org-1", "sales", columns=["y"], rows=n1)], axis=0)     # [n, 1]
    w = p.constant([[0.0]] * features)                                             # [d, 1]
    for _ in range(rounds):
        grad = p.dp_mean(x * (x @ w - y), -bound, bound, epsilon, delta)           # [d], noisy
        w = w - lr * grad.reshape(features, 1)
    p.reveal(w, to=to, label="weights")
    return p


if __name__ == "__main__":
    print(Client(sys.argv[1], ca=sys.argv[2]).run(build(int(sys.argv[3]), int(sys.argv[4]), 2)))
