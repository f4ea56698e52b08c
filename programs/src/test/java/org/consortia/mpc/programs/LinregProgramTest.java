package org.consortia.mpc.programs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.consortia.mpc.analyses.stats.LinearRegression;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.runtime.Partitions;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in linear regression as a program ({@link LinregProgram}): in plaintext it gives the built-in's fit bit for
 * bit, and securely it costs the same rounds and bytes (the benchmark program_linreg rests on both).
 */
class LinregProgramTest {
    static final long SEED = 99L;

    static double[][] rows(int n, int p) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[][] rows = new double[n][p + 1];
        for (double[] r : rows) {
            double y = 0;
            for (int j = 0; j < p; j++) {
                r[j] = Math.round(rnd.nextDouble(-5, 5) * 100) / 100.0;
                y += (j + 1) * r[j];
            }
            r[p] = y + rnd.nextDouble(-1, 1);
        }
        return rows;
    }

    static CheckedProgram program(int parties, int n, int p, int f) {
        int[] counts = new int[parties];
        long[] c = Partitions.rowCounts(parties, n);
        for (int k = 0; k < parties; k++) {
            counts[k] = (int) c[k];
        }
        List<String> members = ProgramTest.members(parties);
        return Checker.check(LinregProgram.build(counts, p, "d", 0.0, 40, 0), new Context(members, f, ProgramLimits.DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void plaintextIsTheBuiltInBitForBitAndSecureCostsTheSame(int parties) {
        int n = 300;
        int p = 4;
        int f = 20;
        System.out.println("LinregProgramTest seed " + SEED);
        double[][] rows = rows(n, p);
        CheckedProgram prog = program(parties, n, p, f);
        FixedPoint fp = new FixedPoint(f);
        PlainBackend plain = new PlainBackend(parties, fp);
        double[] viaProgram = Evaluator.run(prog, plain, new RowBlocks(rows, plain), new SecureRandom()).get("fit").values();
        var xy = Partitions.byRows(new Party(new PlainBackend(parties, fp)), rows);
        var fit = LinearRegression.fit(xy[0], xy[1], 0.0, 40, 0);
        double[] builtIn = new double[2 * p + 2];
        System.arraycopy(fit.standardized(), 0, builtIn, 0, p);
        System.arraycopy(fit.coefficients(), 0, builtIn, p, p);
        builtIn[2 * p] = fit.intercept();
        builtIn[2 * p + 1] = fit.r2();
        assertArrayEquals(builtIn, viaProgram, 0.0, "the same fixed-point operations in the same order");

        try (LocalCluster cluster = new LocalCluster(parties, ProtocolParameters.defaults().withFractionalBits(f))) {
            var a = cluster.run(party -> Evaluator.run(prog, party.backend(), new RowBlocks(rows, party.backend()),
                    new SecureRandom()));
            var b = cluster.run(party -> {
                var t = Partitions.byRows(party, rows);
                return LinearRegression.fit(t[0], t[1], 0.0, 40, 0);
            });
            assertEquals(b.rounds(), a.rounds(), "rounds");
            assertEquals(b.maxOnlineBytesSent(), a.maxOnlineBytesSent(), "bytes");
            Map<String, Evaluation.Result> at0 = a.result(0);
            double[] secure = at0.get("fit").values();
            for (int j = 0; j < p; j++) {
                assertEquals(builtIn[j], secure[j], 1e-3, "standardized coefficient " + j);
            }
        }
    }

    /**
     * The same program on authenticated shares (malicious mode: every opening MAC-checked before the fit is revealed):
     * the plaintext fit within the same bounds.
     */
    @Test
    void runsOnAuthenticatedShares() {
        int parties = 3;
        int n = 300;
        int p = 4;
        int f = 20;
        System.out.println("LinregProgramTest seed " + SEED);
        double[][] rows = rows(n, p);
        CheckedProgram prog = program(parties, n, p, f);
        assertTrue(prog.runsMalicious(), "inputs, arithmetic, matmul, the solve and reveals all run malicious");
        PlainBackend plain = new PlainBackend(parties, new FixedPoint(f));
        double[] want = Evaluator.run(prog, plain, new RowBlocks(rows, plain), new SecureRandom()).get("fit").values();
        try (LocalCluster cluster = new LocalCluster(parties, ProtocolParameters.defaults().withFractionalBits(f)).malicious()) {
            var run = cluster.run(party -> Evaluator.run(prog, party.backend(), new RowBlocks(rows, party.backend()),
                    new SecureRandom()));
            double[] secure = run.result(0).get("fit").values();
            for (int j = 0; j < p; j++) {
                assertEquals(want[j], secure[j], 1e-3, "standardized coefficient " + j);
            }
            assertEquals(want[2 * p + 1], secure[2 * p + 1], 1e-3, "R^2");
        }
    }
}
