package org.consortia.mpc.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code group_sum} and {@code compact} against a hash map of the same rows: the groups of the counted rows by a key of
 * any value (ties, negatives, fractions, a group of one row), their counts, sums and maxima, flagged first in key order;
 * 2, 3 and 5 members
 * (the keys at one member, the values at another: every step on shares).
 */
class GroupProgramTest {
    static final long SEED = 20261208L;
    static final int N = 37;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void groupSumsEqualAHashMap(int parties) throws IOException {
        System.out.println("GroupProgramTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED + parties);
        double[] key = new double[N];
        double[] w = new double[N];
        double[] x = new double[N];
        StringBuilder a = new StringBuilder("key,w\n");
        StringBuilder b = new StringBuilder("x\n");
        for (int i = 0; i < N; i++) {
            key[i] = i == 5 ? 1234.5 : rnd.nextInt(-3, 5) * 1.5; // one group of a single row
            w[i] = i == 5 || rnd.nextInt(4) > 0 ? 1 : 0;
            x[i] = rnd.nextInt(-400, 400) / 8.0;
            a.append(key[i]).append(',').append(w[i]).append('\n');
            b.append(x[i]).append('\n');
        }
        Files.writeString(dir.resolve("a.csv"), a);
        Files.writeString(dir.resolve("b.csv"), b);
        ProgramBuilder p = new ProgramBuilder();
        var ka = p.input(0, "a", List.of("key", "w"), N, null);
        var xb = p.input(1, "b", List.of("x"), N, null);
        var k = ka.slice(new int[] {0, 0}, new int[] {N, 1});
        var weight = ka.slice(new int[] {0, 1}, new int[] {N, 2}).gt(0.5);
        double far = (1 << 29);                                        // below every value: a row that does not count
        var values = p.concat(List.of(weight, weight.mul(xb), weight.mul(xb.add(far)).sub(far)), 1); // count, sum, max
        var groups = p.compact(p.groupSum(k, weight, values, 2));
        p.reveal(groups, List.of(), "groups");
        CheckedProgram c = p.build(new Context(ProgramTest.members(parties), 16, ProgramLimits.DEFAULT));
        assertFalse(c.runsMalicious(), "group-by is semi-honest only");
        Map<Double, double[]> want = new TreeMap<>();
        for (int i = 0; i < N; i++) {
            if (w[i] > 0) {
                double[] g = want.computeIfAbsent(key[i], z -> new double[] {0, 0, -1e18});
                g[0]++;
                g[1] += x[i];
                g[2] = Math.max(g[2], x[i]);
            }
        }
        var out = Simulator.secure(c, Map.of(new Source(0, "a"), dir.resolve("a.csv"), new Source(1, "b"),
                dir.resolve("b.csv"))).results().get("groups").values();
        Map<Double, double[]> got = new java.util.LinkedHashMap<>();
        int flagged = 0;
        for (int i = 0; i < N; i++) {
            double flag = out[i * 5];
            if (flag > 0.5) {
                assertEquals(i, flagged++, "the groups come first");
                got.put(out[i * 5 + 1], new double[] {out[i * 5 + 2], out[i * 5 + 3], out[i * 5 + 4]});
            } else {
                for (int j = 0; j < 5; j++) {
                    assertEquals(0.0, out[i * 5 + j], 1e-9, "a row that is no group holds zeros");
                }
            }
        }
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), parties + " parties: the groups, in key order");
        for (var e : want.entrySet()) {
            assertEquals(e.getValue()[0], got.get(e.getKey())[0], 1e-9, "count of " + e.getKey());
            assertEquals(e.getValue()[1], got.get(e.getKey())[1], 1e-3, "sum of " + e.getKey());
            assertEquals(e.getValue()[2], got.get(e.getKey())[2], 1e-3, "max of " + e.getKey());
        }
        assertTrue(want.containsKey(1234.5), "a group of one row");
    }
}
