"""Pearson correlation matrix of four columns held by three members (data split by columns, rows aligned by position).

Every member inputs its columns secretly; the program centres them, forms the covariance matrix and scales it by the
reciprocal standard deviations; only the 4 x 4 matrix is revealed (every value has all the rows behind it).
"""
import sys

from mpc_client import Client, Program


def build(rows, to=None):
    p = Program()
    a = p.input("org-0", "cohort", columns=["age", "bmi"], rows=rows)
    b = p.input("org-1", "labs", columns=["glucose"], rows=rows)
    c = p.input("org-2", "stays", columns=["days"], rows=rows)
    z = p.concat([a, b, c], axis=1)                  # [rows, 4]
    centred = z - z.mean(0)
    cov = (centred.T @ centred) / rows               # [4, 4]
    inv_sd = p.reciprocal(p.sqrt((centred * centred).mean(0)))  # [4]
    scale = inv_sd.reshape(4, 1) @ inv_sd.reshape(1, 4)
    p.reveal(cov * scale, to=to, label="correlation")
    return p


if __name__ == "__main__":
    # pearson.py simulate ROWS MEMBER:DATASET=PATH ...  |  pearson.py run ROWS API_URL CA_FILE
    rows = int(sys.argv[2])
    if sys.argv[1] == "simulate":
        data = {}
        for spec in sys.argv[3:]:
            member, rest = spec.split(":", 1)
            dataset, path = rest.split("=", 1)
            data.setdefault(member, {})[dataset] = path
        print(build(rows).simulate(data))
    else:
        print(Client(sys.argv[3], ca=sys.argv[4]).run(build(rows)))
