package org.consortia.mpc.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code join} op against a plaintext join of the same CSV files (hash maps on the keys): inner and left joins of
 * two and three members' tables whose keys overlap in part, in a consortium of 2, 3 and 5 members (the others compute).
 */
class JoinProgramTest {
    static final long SEED = 20261206L;

    @TempDir
    Path dir;

    /** A table of {@code n} rows with distinct ids drawn from [1, range], two value columns; its rows by id. */
    private static Map<Long, double[]> table(Path file, SplittableRandom rnd, int n, int range) throws IOException {
        Map<Long, double[]> rows = new LinkedHashMap<>();
        while (rows.size() < n) {
            long id = 1 + rnd.nextInt(range);
            rows.putIfAbsent(id, new double[] {rnd.nextInt(-50, 50) / 4.0, rnd.nextInt(0, 4)});
        }
        StringBuilder b = new StringBuilder("id,x,g\n");
        List<Long> ids = new ArrayList<>(rows.keySet());
        java.util.Collections.shuffle(ids, new java.util.Random(rnd.nextLong())); // row order is not key order
        for (long id : ids) {
            b.append(id).append(',').append(rows.get(id)[0]).append(',').append(rows.get(id)[1]).append('\n');
        }
        Files.writeString(file, b);
        return rows;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, -2, -3})
    void innerAndLeftJoinsMatchThePlaintextJoin(int signed) throws IOException {
        int parties = Math.abs(signed);
        boolean valuesAsArgs = signed < 0; // the tables' values computed by their members, as arguments
        System.out.println("JoinProgramTest seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED + parties);
        Map<Source, Path> files = new LinkedHashMap<>();
        int sides = Math.min(parties, 3);
        List<Map<Long, double[]>> t = new ArrayList<>();
        int[] n = {30, 24, 20};
        List<ProgramBuilder.JoinTable> tables = new ArrayList<>();
        for (int k = 0; k < sides; k++) {
            Path f = dir.resolve("t" + k + ".csv");
            t.add(table(f, rnd, n[k], 45));
            files.put(new Source(k, "t" + k), f);
            tables.add(new ProgramBuilder.JoinTable(k, "t" + k, "id", k == 0 ? List.of("x", "g") : List.of("x"), n[k]));
        }
        ProgramBuilder p = new ProgramBuilder();
        List<ProgramBuilder.Var> values = new ArrayList<>();
        for (int k = 0; valuesAsArgs && k < sides; k++) { // x, and at the anchor g as 0/1 columns (g == 2) computed there
            var in = p.input(k, "t" + k, k == 0 ? List.of("x", "g") : List.of("x"), n[k], null);
            values.add(k == 0 ? p.concat(List.of(in.slice(new int[] {0, 0}, new int[] {n[0], 1}),
                    in.slice(new int[] {0, 1}, new int[] {n[0], 2})), 1) : in);
        }
        var j = p.join(tables, values);                           // [n0, 2 + (sides - 1) + (sides - 1)]
        int w = 2 + (sides - 1);
        var x0 = j.slice(new int[] {0, 0}, new int[] {n[0], 1});
        var x1 = j.slice(new int[] {0, 2}, new int[] {n[0], 3});
        var all = j.slice(new int[] {0, w}, new int[] {n[0], w + 1});
        for (int s = 2; s < sides; s++) {
            all = all.mul(j.slice(new int[] {0, w + s - 1}, new int[] {n[0], w + s}));
        }
        var g = j.slice(new int[] {0, 1}, new int[] {n[0], 2});
        p.reveal(all.sum(), List.of(), "inner count");
        p.reveal(all.mul(x0).mul(x1).sum(), List.of(), "inner sum x0 x1");
        p.reveal(x1.sum(), List.of(), "left sum x1");            // unmatched rows carry zeros
        p.reveal(all.mul(g.eq(2)).sum(), List.of(), "inner count g=2");
        CheckedProgram c = p.build(new Context(ProgramTest.members(parties), 16, ProgramLimits.DEFAULT));
        assertEquals(valuesAsArgs ? 2 * sides : sides, c.reads().size(), "a join reads each of its tables (and its values)");

        double count = 0, sum = 0, left = 0, g2 = 0;
        for (var e : t.get(0).entrySet()) {
            boolean inAll = true;
            for (int s = 1; s < sides; s++) {
                inAll &= t.get(s).containsKey(e.getKey());
            }
            double[] r1 = t.get(1).get(e.getKey());
            left += r1 == null ? 0 : r1[0];
            if (inAll) {
                count++;
                sum += e.getValue()[0] * r1[0];
                g2 += e.getValue()[1] == 2 ? 1 : 0;
            }
        }
        assertTrue(count > 0 && count < n[0], "the keys overlap in part");
        Map<String, Double> expected = Map.of("inner count", count, "inner sum x0 x1", sum, "left sum x1", left,
                "inner count g=2", g2);
        for (var outcome : List.of(Simulator.plaintext(c, files), Simulator.secure(c, files))) {
            for (var e : expected.entrySet()) {
                double got = outcome.results().get(e.getKey()).values()[0];
                assertEquals(e.getValue(), got, 1e-3, e.getKey() + ", " + parties + " parties");
            }
        }
    }

    @Test
    void aTableTwiceOrOneTableIsRefusedNamingTheField() {
        var ctx = new Context(ProgramTest.members(2), 16, ProgramLimits.DEFAULT);
        ProgramBuilder one = new ProgramBuilder();
        one.reveal(one.join(List.of(new ProgramBuilder.JoinTable(0, "a", "id", List.of("x"), 3))).sum(), List.of(), "s");
        var e = assertThrows(ProgramException.class, () -> one.build(ctx));
        assertTrue(e.getMessage().contains("tables"), e.getMessage());
        ProgramBuilder twice = new ProgramBuilder();
        twice.reveal(twice.join(List.of(new ProgramBuilder.JoinTable(0, "a", "id", List.of("x"), 3),
                new ProgramBuilder.JoinTable(0, "a", "id", List.of("x"), 3))).sum(), List.of(), "s");
        e = assertThrows(ProgramException.class, () -> twice.build(ctx));
        assertTrue(e.getMessage().contains("tables[1].dataset"), e.getMessage());
    }
}
