package org.consortia.mpc.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A program's estimated cost (the ops' declared costs, added up) bounds what it measures on the counters, for every op
 * family, among 2, 3 and 5 members; and is not loose by more than a factor of 4 in rounds or bytes.
 */
class ProgramCostTest {
    static final int ROWS = 16;

    /** A member's values in (0.5, 3): inside every approximation's range. */
    record Uniform(long seed, Backend be) implements ProgramHost {
        @Override
        public Rows read(InputRead read) {
            if (!be.readsInputOf(read.member())) {
                return null;
            }
            SplittableRandom r = new SplittableRandom(seed);
            double[] v = new double[read.rows() * read.columns().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble(0.5, 3);
            }
            return new Rows(v, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void declaredCostsBoundTheCounters(int parties) {
        long seed = 31L;
        System.out.println("ProgramCostTest seed " + seed);
        List<String> wrong = new java.util.ArrayList<>();
        for (String op : List.of("mul", "relu", "abs", "clamp", "sigmoid", "exp", "log", "sqrt", "rsqrt", "reciprocal", "lt", "eq", "where",
                "matmul", "mean", "max", "argmax", "softmax", "div", "ratio", "dp_mean")) {
            CheckedProgram c = program(op, parties);
            try (LocalCluster cluster = new LocalCluster(parties)) {
                var run = cluster.run(party -> Evaluator.run(c, party.backend(), new Uniform(seed, party.backend()),
                        new SecureRandom()));
                long rounds = run.rounds();
                long bytes = run.maxOnlineBytesSent();
                System.out.printf("%s, %d parties: rounds %d (declared %d), bytes %d (declared %d)%n", op, parties, rounds,
                        c.cost().rounds(), bytes, c.bytesPerParty());
                if (rounds > c.cost().rounds() || bytes > c.bytesPerParty()) {
                    wrong.add(op + ": measured above the declaration");
                }
                if (c.cost().rounds() > 4 * rounds + 2 || c.bytesPerParty() > 4 * bytes + 4096) {
                    wrong.add(op + ": the declaration is loose by more than 4x");
                }
            }
        }
        assertTrue(wrong.isEmpty(), parties + " parties: " + wrong);
    }

    /**
     * Without a dealer comparisons run bit by bit ({@link Comparisons#BITS}; here with the dealer's bit masks, the same
     * online protocol as {@code offline: ot}): the declared cost without a dealer bounds the counters, and is at least
     * the cost with one.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void declaredCostsWithoutADealerBoundBitByBitComparisons(int parties) {
        long seed = 37L;
        System.out.println("ProgramCostTest seed " + seed);
        List<String> wrong = new java.util.ArrayList<>();
        for (String op : List.of("relu", "abs", "clamp", "lt", "eq", "where", "max", "argmax", "softmax", "dp_mean")) {
            CheckedProgram c = program(op, parties);
            try (LocalCluster cluster = new LocalCluster(parties).comparisons(Comparisons.BITS)) {
                var run = cluster.run(party -> Evaluator.run(c, party.backend(), new Uniform(seed, party.backend()),
                        new SecureRandom()));
                long rounds = run.rounds();
                long bytes = run.maxOnlineBytesSent();
                System.out.printf("%s, %d parties, bit by bit: rounds %d (declared %d), bytes %d (declared %d)%n", op,
                        parties, rounds, c.costWithoutDealer().rounds(), bytes, c.bytesPerParty(false));
                if (rounds > c.costWithoutDealer().rounds() || bytes > c.bytesPerParty(false)) {
                    wrong.add(op + ": measured above the declaration without a dealer");
                }
                if (c.bytesPerParty(false) < c.bytesPerParty(true)) {
                    wrong.add(op + ": declared below the cost with a dealer");
                }
                if (c.costWithoutDealer().rounds() > 4 * rounds + 2 || c.bytesPerParty(false) > 4 * bytes + 4096) {
                    wrong.add(op + ": the declaration is loose by more than 4x");
                }
            }
        }
        assertTrue(wrong.isEmpty(), parties + " parties: " + wrong);
    }

    /** A program revealing {@code op} of two members' rows, checked among {@code parties}. */
    private static CheckedProgram program(String op, int parties) {
        ProgramBuilder p = new ProgramBuilder();
        // two members' rows: every op runs on shares (one member's rows alone would be computed where they are)
        var x = p.concat(List.of(p.input(0, "d", List.of("a", "b"), ROWS / 2, null),
                p.input(1, "d", List.of("a", "b"), ROWS / 2, null)), 0);
        var y = switch (op) {
            case "mul" -> x.mul(x);
            case "relu" -> p.relu(x);
            case "abs" -> p.abs(x);
            case "clamp" -> p.clamp(x, 1, 2);
            case "sigmoid" -> p.sigmoid(x);
            case "exp" -> p.exp(x);
            case "log" -> p.log(x);
            case "sqrt" -> p.sqrt(x);
            case "rsqrt" -> p.rsqrt(x);
            case "reciprocal" -> p.reciprocal(x);
            case "lt" -> x.lt(1.5);
            case "eq" -> x.eq(2);
            case "where" -> p.where(x.lt(1.5), x, x.mul(2));
            case "matmul" -> x.t().matmul(x);
            case "mean" -> x.mean(0);
            case "max" -> p.max(x, 0);
            case "argmax" -> p.argmax(x, 1);
            case "softmax" -> p.softmax(x, 1);
            case "div" -> x.div(x);
            case "ratio" -> x.ratio(p.abs(x).add(1));
            default -> p.dpMean(x, 0, 4, 1, 1e-6);
        };
        p.reveal(y, List.of(), "out");
        return p.build(new Context(ProgramTest.members(parties), 16, ProgramLimits.DEFAULT));
    }

    /**
     * Work on one member's rows stays at that member: a filter, a comparison, a product and a sum of its own rows run
     * there in plaintext and only the two revealed numbers are input and opened (2 rounds, a few words), with the
     * plaintext reference's values.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void oneMembersWorkStaysLocal(int parties) {
        ProgramBuilder p = new ProgramBuilder();
        var x = p.input(1, "d", List.of("a", "b"), 1000, null);
        var keep = x.slice(new int[] {0, 0}, new int[] {1000, 1}).lt(1.5);
        var both = p.concat(List.of(keep.sum(0), keep.mul(x.slice(new int[] {0, 1}, new int[] {1000, 2})).sum(0)), 0);
        p.reveal(both, List.of(), "count and sum");
        CheckedProgram c = p.build(new Context(ProgramTest.members(parties), 16, ProgramLimits.DEFAULT));
        assertEquals(2, c.cost().rounds(), "declared: the member's input of the result, its opening");
        try (LocalCluster cluster = new LocalCluster(parties)) {
            var run = cluster.run(party -> Evaluator.run(c, party.backend(), new Uniform(7, party.backend()), new SecureRandom()));
            var pb = new PlainBackend(parties, new FixedPoint(16));
            var plain = Evaluator.run(c, pb, new Uniform(7, pb), new SecureRandom());
            System.out.printf("one member's work, %d parties: rounds %d, bytes %d%n", parties, run.rounds(), run.maxOnlineBytesSent());
            assertTrue(run.rounds() <= 2, "rounds " + run.rounds());
            assertTrue(run.maxOnlineBytesSent() < 1000, "bytes " + run.maxOnlineBytesSent());
            double[] got = run.result(0).get("count and sum").values();
            double[] want = plain.get("count and sum").values();
            assertEquals(want[0], got[0], 0.0, "count");
            assertEquals(want[1], got[1], 1e-9, "sum");
        }
    }
}
