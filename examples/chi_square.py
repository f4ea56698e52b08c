"""Chi-square test of independence between two members' categorical columns (data split by columns, rows aligned).

Each member's categories (0 .. k-1) become one-hot columns inside the computation (two comparisons per category);
the contingency table is one product over the rows (A.T @ B), the expected counts its margins' outer product over n;
only the statistic is revealed (the table itself stays secret).
"""
import sys

from mpc_client import Client, Program


def one_hot(p, codes, k):
    """[rows, k] 0/1 columns of integer codes 0 .. k-1: [code > j - 0.5] - [code > j + 0.5]."""
    lower = p.constant([j - 0.5 for j in range(k)])
    upper = p.constant([j + 0.5 for j in range(k)])
    return (codes > lower) - (codes > upper)


def build(rows, k_a, k_b, to=None):
    p = Program()
    a = p.input("org-0", "cohort", columns=["smoker"], rows=rows)      # codes 0 .. k_a - 1
    b = p.input("org-1", "labs", columns=["risk"], rows=rows)          # codes 0 .. k_b - 1
    observed = one_hot(p, a, k_a).T @ one_hot(p, b, k_b)               # [k_a, k_b] counts
    expected = observed.sum(1).reshape(k_a, 1) @ observed.sum(0).reshape(1, k_b) / rows
    diff = observed - expected
    p.reveal((diff * diff * p.reciprocal(expected)).sum(), to=to, label="chi2")
    return p


if __name__ == "__main__":
    print(Client(sys.argv[1], ca=sys.argv[2]).run(build(int(sys.argv[3]), 3, 3)))
