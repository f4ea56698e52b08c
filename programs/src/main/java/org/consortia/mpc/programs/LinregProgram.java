package org.consortia.mpc.programs;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in linear regression ({@code LinearRegression.fit}: secure standardization, the correlation matrix,
 * Newton-Schulz, coefficients in both units, intercept, R^2) written as a program, op for op, so that it costs the
 * same rounds and bytes: the proof that a program can reproduce a built-in analysis, and the benchmark
 * {@code program_linreg}. Member k inputs {@code x0 .. x(p-1)} and {@code y} of its rows of {@code dataset} (data split
 * by rows); the fit ({@code p} standardized coefficients, {@code p} in original units, intercept, R^2) goes to
 * {@code resultMember}.
 */
public final class LinregProgram {
    private LinregProgram() {
    }

    /** The feature columns' names {@code x0 .. x(p-1)}. */
    public static List<String> features(int p) {
        List<String> out = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            out.add("x" + j);
        }
        return out;
    }

    public static Program build(int[] rows, int p, String dataset, double lambda, int iterations, int resultMember) {
        ProgramBuilder b = new ProgramBuilder();
        List<ProgramBuilder.Var> xs = new ArrayList<>();
        List<ProgramBuilder.Var> ys = new ArrayList<>();
        int n = 0;
        for (int k = 0; k < rows.length; k++) {
            xs.add(b.input(k, dataset, features(p), rows[k], null));
            ys.add(b.input(k, dataset, List.of("y"), rows[k], null));
            n += rows[k];
        }
        int q = p + 1;
        ProgramBuilder.Var xy = b.concat(List.of(b.concat(xs, 0), b.concat(ys, 0)), 1);   // [n, q]
        // Standardization.of: an approximate mean, recentred exactly, scaled by c = 1/sqrt(n) so that z'z is the
        // correlation matrix
        double c = 1.0 / Math.sqrt(n);
        ProgramBuilder.Var approx = xy.sum(0).mul(1.0 / n);
        ProgramBuilder.Var d = xy.sub(approx).mul(c);
        ProgramBuilder.Var delta = d.sum(0).mul(c);
        ProgramBuilder.Var e = d.sub(delta.mul(c));
        ProgramBuilder.Var var = e.mul(e).sum(0);
        ProgramBuilder.Var inv = b.rsqrt(var);
        ProgramBuilder.Var z = e.mul(inv);
        ProgramBuilder.Var r = z.t().matmul(z);                                            // [q, q]
        // the solve: Newton-Schulz from V0 = I / trace
        double[] ridge = new double[p * p];
        double[] two = new double[p * p];
        double[] v0 = new double[p * p];
        for (int i = 0; i < p; i++) {
            ridge[i * p + i] = lambda;
            two[i * p + i] = 2;
            v0[i * p + i] = 1.0 / (p * (1 + lambda));
        }
        ProgramBuilder.Var a = r.slice(new int[] {0, 0}, new int[] {p, p}).add(b.constant(new int[] {p, p}, ridge));
        ProgramBuilder.Var rhs = r.slice(new int[] {0, p}, new int[] {p, q});             // [p, 1]
        ProgramBuilder.Var twoI = b.constant(new int[] {p, p}, two);
        ProgramBuilder.Var v = b.constant(new int[] {p, p}, v0);
        for (int it = 0; it < iterations; it++) {
            v = v.matmul(twoI.sub(a.matmul(v)));
        }
        ProgramBuilder.Var bs = v.matmul(rhs).reshape(p);                                 // standardized
        ProgramBuilder.Var r2 = bs.matmul(rhs.reshape(p));
        ProgramBuilder.Var sdY = var.slice(new int[] {p}, new int[] {q}).mul(inv.slice(new int[] {p}, new int[] {q}));
        ProgramBuilder.Var coef = bs.mul(inv.slice(new int[] {0}, new int[] {p}).mul(sdY));
        ProgramBuilder.Var mu = approx.add(delta);
        ProgramBuilder.Var intercept = mu.slice(new int[] {p}, new int[] {q})
                .sub(coef.matmul(mu.slice(new int[] {0}, new int[] {p})));
        b.reveal(b.concat(List.of(bs, coef, intercept, r2.reshape(1)), 0), List.of(resultMember), "fit");
        return b.build();
    }
}
