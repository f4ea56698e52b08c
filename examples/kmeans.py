"""k-means over two members' points (data split by rows), k and the iterations public, the starting centroids public.

Each iteration: squared distances to every centroid ([rows, k, d] by broadcasting), the nearest one by argmax of the
negated distances, its one-hot, and the new centroids as sums over their points times the reciprocal counts; all
secret. Only the final centroids are revealed (each aggregates the rows assigned to it: see the security model on
what rows behind cannot see).
"""
import sys

from mpc_client import Client, Program


def build(n0, n1, start, iterations=5, to=None):
    p = Program()
    x = p.concat([p.input("org-0", "points", columns=["x", "y"], rows=n0),
                  p.input("org-1", "points", columns=["x", "y"], rows=n1)], axis=0)   # [n, 2]
    n, k = n0 + n1, len(start)
    centroids = p.constant(start)                                                    # [k, 2]
    lower = p.constant([j - 0.5 for j in range(k)])
    upper = p.constant([j + 0.5 for j in range(k)])
    for _ in range(iterations):
        diff = x.reshape(n, 1, 2) - centroids                                         # [n, k, 2]
        nearest = p.argmax(-(diff * diff).sum(2), axis=1).reshape(n, 1)               # [n, 1]
        member = (nearest > lower) - (nearest > upper)                                # [n, k] one-hot
        centroids = (member.T @ x) * p.reciprocal(member.sum(0)).reshape(k, 1)
    p.reveal(centroids, to=to, label="centroids")
    return p


if __name__ == "__main__":
    print(Client(sys.argv[1], ca=sys.argv[2]).run(build(int(sys.argv[3]), int(sys.argv[4]), [[0, 0], [5, 5], [0, 5]])))
