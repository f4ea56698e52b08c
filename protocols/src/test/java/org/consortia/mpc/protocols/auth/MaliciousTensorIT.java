package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.plain.PlainBackend;
import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SecretTensor} programs on authenticated shares ({@link AuthBackend}) against the plaintext backend running the
 * same program: comparisons exact for every 64-bit ring value, ReLU, max and argmax exact, products, convolution,
 * sigmoid and the approximations within stated bounds; and a cheating party caught in programs with comparisons and
 * non-linear functions: one party adds a random error to one of its shares or messages (an input, a product, a
 * truncation, a comparison's result, an opening inside a comparison or a product, the unmasking of a result), and
 * every honest party aborts with CHECK_FAILED having accepted only correct results. 1,000 seeded runs per party count.
 */
class MaliciousTensorIT {
    private static final FixedPoint FP = new FixedPoint(16);
    /** A fixed-point result against the plaintext backend's: a few least significant bits of truncation. */
    private static final double PRODUCT_BOUND = 1e-3;
    /** Sigmoid and the approximations against the plaintext backend's (the same approximation, truncated differently). */
    private static final double FUNCTION_BOUND = 2e-3;

    /** Every party's inputs, drawn from one seed. */
    record Inputs(double[] x, double[] y, long[] ring, double[] image, double[] kernel, double[] pos) {
        static Inputs draw(SplittableRandom r) {
            double[] x = r.doubles(6, -6, 6).toArray();
            double[] y = r.doubles(6, -3, 3).toArray();
            long[] ring = new long[12];
            long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 62};
            System.arraycopy(edges, 0, ring, 0, edges.length);
            for (int i = edges.length; i < ring.length; i++) {
                ring[i] = r.nextLong();
            }
            return new Inputs(x, y, ring, r.doubles(2 * 16, -2, 2).toArray(), r.doubles(3 * 2 * 9, -1, 1).toArray(),
                    r.doubles(4, 0.05, 40).toArray());
        }
    }

    /** What a program reveals, in order. */
    record Revealed(List<double[]> values, List<long[]> ring) {
    }

    /**
     * The joint program: party 0 inputs x [2, 3] and an image [1, 2, 4, 4], the last party y [3, 2] and conv weights
     * [3, 2, 3, 3], party 1 ring integers and positive values; every result is revealed to everyone.
     */
    static Revealed program(Backend be, Inputs in) {
        int last = be.parties() - 1;
        SecretTensor x = be.input(0, Shape.matrix(2, 3), be.readsInputOf(0) ? in.x() : null);
        SecretTensor y = be.input(last, Shape.matrix(3, 2), be.readsInputOf(last) ? in.y() : null);
        SecretTensor ring = be.inputIntegers(1, Shape.vector(in.ring().length), be.readsInputOf(1) ? in.ring() : null);
        SecretTensor image = be.input(0, Shape.of(1, 2, 4, 4), be.readsInputOf(0) ? in.image() : null);
        SecretTensor kernel = be.input(last, Shape.of(3, 2, 3, 3), be.readsInputOf(last) ? in.kernel() : null);
        SecretTensor pos = be.input(1, Shape.vector(4), be.readsInputOf(1) ? in.pos() : null);
        List<double[]> values = new ArrayList<>();
        List<long[]> rings = new ArrayList<>();
        rings.add(ring.ltz().revealRing());
        rings.add(ring.isZero().revealRing());
        values.add(x.relu().reveal());
        values.add(x.maxLastAxis().reveal());
        values.add(x.argmax().reveal());
        values.add(x.matmul(y).reveal());
        values.add(x.mul(x).add(1.5).reveal());
        values.add(image.conv2d(kernel, 1, 1).relu().maxPool2d(2, 2, 0).reveal());
        values.add(x.sigmoid().reveal());
        values.add(pos.reciprocal().reveal());
        values.add(x.transpose().sum(1).reveal());
        return new Revealed(values, rings);
    }

    /** Bound per revealed value of {@link #program}: exact (0), a product's, or a function's. */
    private static final double[] BOUNDS = {0, 0, 0, PRODUCT_BOUND, PRODUCT_BOUND, 5 * PRODUCT_BOUND, FUNCTION_BOUND,
        FUNCTION_BOUND, 0};

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void honestPartiesComputeWhatThePlaintextBackendComputes(int parties) {
        honest(parties, Comparisons.BOOLEAN);
    }

    /** Two parties with the dealer's authenticated comparison keys: the same results, exact signs included. */
    @org.junit.jupiter.api.Test
    void honestPartiesWithFssComparisonsComputeWhatThePlaintextBackendComputes() {
        honest(2, Comparisons.FSS);
    }

    private static void honest(int parties, Comparisons comparisons) {
        long seed = 29_100L + parties + (comparisons == Comparisons.FSS ? 50 : 0);
        System.out.println("MaliciousTensorIT.honest seed " + seed + ", comparisons " + comparisons);
        SplittableRandom r = new SplittableRandom(seed);
        for (int run = 0; run < 3; run++) {
            Inputs in = Inputs.draw(r);
            Revealed want = program(new PlainBackend(parties, FP), in);
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            var out = MemoryParties.run(parties, ch -> program(new AuthBackend(new AuthParty(ch, dealer.source(ch.self()),
                    Tamper.NONE, comparisons), FP), in));
            for (int i = 0; i < parties; i++) {
                assertNull(out[i].failure(), "party " + i + " failed: " + out[i].failure());
                Revealed got = out[i].value();
                long[] signs = new long[in.ring().length];
                long[] zeros = new long[in.ring().length];
                for (int j = 0; j < signs.length; j++) {
                    signs[j] = in.ring()[j] < 0 ? 1 : 0;
                    zeros[j] = in.ring()[j] == 0 ? 1 : 0;
                }
                assertArrayEquals(signs, got.ring().get(0), "signs of ring values at party " + i);
                assertArrayEquals(zeros, got.ring().get(1), "zero tests at party " + i);
                for (int k = 0; k < BOUNDS.length; k++) {
                    assertArrayEquals(want.values().get(k), got.values().get(k), BOUNDS[k], "result " + k + " at party " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void bitOperationsAreRefusedInOneLine(int parties) {
        LocalAuthDealer dealer = new LocalAuthDealer(parties);
        var out = MemoryParties.run(parties, ch -> {
            Backend be = new AuthBackend(new AuthParty(ch, dealer.source(ch.self())), FP);
            return assertThrows(MpcArgumentException.class, () -> be.toBits(be.publicShare(new long[] {1}))).getMessage();
        });
        for (var o : out) {
            assertTrue(o.value().contains("not available in malicious mode"), o.value());
        }
    }

    /** The cheating runs' program: a product, its ReLU, a sigmoid, revealed together. */
    static double[] cheatProgram(Backend be, double[] x, double[] y) {
        int last = be.parties() - 1;
        SecretTensor a = be.input(0, Shape.vector(x.length), be.readsInputOf(0) ? x : null);
        SecretTensor b = be.input(last, Shape.vector(y.length), be.readsInputOf(last) ? y : null);
        SecretTensor relu = a.mul(b).relu();
        SecretTensor sig = a.sigmoid();
        return relu.concat(0, sig).reveal();
    }

    private static final Tamper.Point[] POINTS = {Tamper.Point.INPUT, Tamper.Point.PRODUCT, Tamper.Point.TRUNCATION,
        Tamper.Point.COMPARISON, Tamper.Point.OPENING, Tamper.Point.OUTPUT};

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aCheatingPartyInComparisonsAndNonLinearFunctionsIsCaught(int parties) {
        cheating(parties, Comparisons.BOOLEAN);
    }

    /**
     * The same 1,000 runs with the dealer's comparison keys under binary MACs (per ReLU an opening, the key local, then
     * the masked bit's opening; the sigmoid's spline likewise).
     */
    @org.junit.jupiter.api.Test
    void aCheatingPartyIsCaughtWithFssComparisons() {
        cheating(2, Comparisons.FSS);
    }

    private static void cheating(int parties, Comparisons comparisons) {
        long base = 2_910_000L + 1000L * parties + (comparisons == Comparisons.FSS ? 500_000 : 0);
        System.out.println("MaliciousTensorIT.cheating seeds " + base + ".." + (base + 999) + ", comparisons "
                + comparisons);
        Map<Tamper.Point, Integer> caught = new EnumMap<>(Tamper.Point.class);
        Map<String, Integer> calls = new HashMap<>();
        for (int run = 0; run < 1000; run++) {
            long seed = base + run;
            SplittableRandom r = new SplittableRandom(seed);
            double[] x = r.doubles(2, -12, 12).toArray();
            double[] y = r.doubles(2, -3, 3).toArray();
            double[] want = cheatProgram(new PlainBackend(parties, FP), x, y);
            Tamper.Point point = POINTS[run % POINTS.length];
            int cheater = r.nextInt(parties);
            int count = calls.computeIfAbsent(cheater + "/" + point,
                    k -> countCalls(parties, x, y, cheater, point, comparisons));
            int target = r.nextInt(count);
            Tamper cheat = Cheats.once(point, target, r.split());
            boolean[] unmasked = new boolean[parties];
            List<double[]> accepted = Collections.synchronizedList(new ArrayList<>());
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            var out = MemoryParties.run(parties, ch -> {
                int self = ch.self();
                Tamper t = self == cheater ? cheat : Cheats.watching(unmasked, self);
                double[] got = cheatProgram(new AuthBackend(new AuthParty(ch, dealer.source(self), t, comparisons), FP),
                        x, y);
                if (self != cheater) {
                    accepted.add(got);
                }
                return got;
            });
            String what = "seed " + seed + ": " + parties + " parties, " + comparisons + ", party " + cheater + " cheats at " + point
                    + " call " + target + " of " + count;
            for (double[] got : accepted) {
                assertArrayEquals(want, got, FUNCTION_BOUND, what + ": an honest party accepted a wrong result");
            }
            Cheats.assertEveryHonestPartyAborted(out, cheater, point, unmasked, what);
            caught.merge(point, 1, Integer::sum);
        }
        System.out.println("caught, " + parties + " parties, " + comparisons + ": " + caught + "; call counts " + calls);
        assertEquals(1000, caught.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** A convolution of a batch of 2 images [2, 5, 5] by 3 filters 3x3, stride 2, padding 1, revealed. */
    static double[] convProgram(Backend be, double[] image, double[] kernel) {
        int last = be.parties() - 1;
        SecretTensor x = be.input(0, Shape.of(2, 2, 5, 5), be.readsInputOf(0) ? image : null);
        SecretTensor w = be.input(last, Shape.of(3, 2, 3, 3), be.readsInputOf(last) ? kernel : null);
        return x.conv2d(w, 2, 1).reveal();
    }

    /**
     * The authenticated convolution triple (the input opened once, expanded by im2col locally; the kernel, an input
     * itself, by a triple on its mask): the plaintext backend's convolution within the product bound, and a cheat in
     * the convolution's share, its opening or an owner's announcement of its input caught, 100 seeded runs each for 2,
     * 3 and 5 parties.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aConvolutionMatchesThePlaintextBackendAndACheatInItIsCaught(int parties) {
        long base = 2_970_000L + 1000L * parties;
        System.out.println("MaliciousTensorIT.conv seeds " + base + ".." + (base + 99));
        for (int run = 0; run < 100; run++) {
            long seed = base + run;
            SplittableRandom r = new SplittableRandom(seed);
            double[] image = r.doubles(2 * 2 * 5 * 5, -2, 2).toArray();
            double[] kernel = r.doubles(3 * 2 * 3 * 3, -1, 1).toArray();
            double[] want = convProgram(new PlainBackend(parties, FP), image, kernel);
            if (run == 0) {
                LocalAuthDealer dealer = new LocalAuthDealer(parties);
                var out = MemoryParties.run(parties, ch -> convProgram(new AuthBackend(new AuthParty(ch,
                        dealer.source(ch.self())), FP), image, kernel));
                for (int i = 0; i < parties; i++) {
                    assertNull(out[i].failure(), "party " + i + " failed: " + out[i].failure());
                    assertArrayEquals(want, out[i].value(), PRODUCT_BOUND, "seed " + seed + ", party " + i);
                }
            }
            Tamper.Point point = switch (run % 3) {
                case 0 -> Tamper.Point.MATRIX_PRODUCT;
                case 1 -> Tamper.Point.OPENING;
                default -> Tamper.Point.ANNOUNCEMENT; // an owner's: the image's (party 0) or the kernel's (the last)
            };
            int cheater = point == Tamper.Point.ANNOUNCEMENT ? (r.nextBoolean() ? 0 : parties - 1) : r.nextInt(parties);
            AtomicInteger calls = new AtomicInteger();
            LocalAuthDealer counting = new LocalAuthDealer(parties);
            MemoryParties.run(parties, ch -> convProgram(new AuthBackend(new AuthParty(ch, counting.source(ch.self()),
                    ch.self() == cheater ? Cheats.counting(point, calls) : Tamper.NONE), FP), image, kernel));
            int target = r.nextInt(calls.get());
            boolean[] unmasked = new boolean[parties];
            List<double[]> accepted = Collections.synchronizedList(new ArrayList<>());
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            Tamper cheat = Cheats.once(point, target, r.split());
            var out = MemoryParties.run(parties, ch -> {
                double[] got = convProgram(new AuthBackend(new AuthParty(ch, dealer.source(ch.self()),
                        ch.self() == cheater ? cheat : Cheats.watching(unmasked, ch.self())), FP), image, kernel);
                if (ch.self() != cheater) {
                    accepted.add(got);
                }
                return got;
            });
            String what = "seed " + seed + ": " + parties + " parties, party " + cheater + " cheats at " + point + " call "
                    + target + " of " + calls.get();
            for (double[] got : accepted) {
                assertArrayEquals(want, got, PRODUCT_BOUND, what + ": an honest party accepted a wrong result");
            }
            Cheats.assertEveryHonestPartyAborted(out, cheater, point, unmasked, what);
        }
    }

    /**
     * A product by an input as it was given ({@link org.consortia.mpc.sharing.auth.AuthRequest.InputTriple}) opens only the other factor: 2 words per
     * weight fewer to each peer than the same product by a copy of the input (a new array: the general triple), with
     * the same result, for a matrix product, a convolution and an elementwise product (the input on either side; of
     * two inputs, nothing opened at all), 2, 3 and 5 parties.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aProductByAnInputOpensOnlyTheOtherFactor(int parties) {
        long seed = 2_990_000L + parties;
        System.out.println("MaliciousTensorIT.byInput seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = r.doubles(4 * 6, -2, 2).toArray();
        double[] w = r.doubles(6 * 5, -1, 1).toArray();
        double[] image = r.doubles(2 * 2 * 5 * 5, -2, 2).toArray();
        double[] kernel = r.doubles(3 * 2 * 3 * 3, -1, 1).toArray();
        double[] u = r.doubles(7, -3, 3).toArray();
        double[] v = r.doubles(7, -3, 3).toArray();
        long[] words = new long[2];
        double[][] got = new double[2][];
        for (int copy = 0; copy < 2; copy++) {
            boolean copied = copy == 1;
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            var out = MemoryParties.run(parties, ch -> {
                Backend be = new AuthBackend(new AuthParty(ch, dealer.source(ch.self())), FP);
                int last = be.parties() - 1;
                SecretTensor a = be.input(0, Shape.matrix(4, 6), be.readsInputOf(0) ? x : null);
                SecretTensor b = be.input(last, Shape.matrix(6, 5), be.readsInputOf(last) ? w : null);
                SecretTensor img = be.input(0, Shape.of(2, 2, 5, 5), be.readsInputOf(0) ? image : null);
                SecretTensor k = be.input(last, Shape.of(3, 2, 3, 3), be.readsInputOf(last) ? kernel : null);
                SecretTensor bb = copied ? b.mul(1L) : b;
                SecretTensor kk = copied ? k.mul(1L) : k;
                SecretTensor uu = be.input(0, Shape.vector(7), be.readsInputOf(0) ? u : null);
                SecretTensor vv = be.input(last, Shape.vector(7), be.readsInputOf(last) ? v : null);
                SecretTensor uc = copied ? uu.mul(1L) : uu;
                SecretTensor vc = copied ? vv.mul(1L) : vv;
                double[] p = a.matmul(bb).reveal();
                double[] c = img.conv2d(kk, 2, 1).reveal();
                double[] e = uc.mul(vv.mul(2L)).reveal(); // the input on the left
                double[] f = uu.mul(3L).mul(vc).reveal(); // on the right
                double[] g = uc.mul(vc).reveal(); // both inputs: nothing opened
                double[] all = java.util.Arrays.copyOf(p, p.length + c.length + e.length + f.length + g.length);
                System.arraycopy(c, 0, all, p.length, c.length);
                System.arraycopy(e, 0, all, p.length + c.length, e.length);
                System.arraycopy(f, 0, all, p.length + c.length + e.length, f.length);
                System.arraycopy(g, 0, all, p.length + c.length + e.length + f.length, g.length);
                return all;
            });
            for (int i = 0; i < parties; i++) {
                assertNull(out[i].failure(), "party " + i + " failed: " + out[i].failure());
            }
            words[copy] = out[0].wordsToAPeer();
            got[copy] = out[0].value();
        }
        PlainBackend plain = new PlainBackend(parties, FP);
        double[] plainMatmul = plain.input(0, Shape.matrix(4, 6), x).matmul(plain.input(0, Shape.matrix(6, 5), w)).reveal();
        for (int j = 0; j < plainMatmul.length; j++) {
            assertEquals(plainMatmul[j], got[0][j], PRODUCT_BOUND, "product by the input, element " + j);
        }
        int at = got[0].length - 21;
        for (int j = 0; j < 7; j++) {
            assertEquals(u[j] * 2 * v[j], got[0][at + j], PRODUCT_BOUND, "elementwise, the input on the left, element " + j);
            assertEquals(u[j] * 3 * v[j], got[0][at + 7 + j], PRODUCT_BOUND, "elementwise, the input on the right, element " + j);
            assertEquals(u[j] * v[j], got[0][at + 14 + j], PRODUCT_BOUND, "elementwise, both inputs, element " + j);
        }
        assertArrayEquals(got[1], got[0], 2 * PRODUCT_BOUND, "by the input and by its copy");
        System.out.printf("%d parties: %d words to a peer by the inputs, %d by copies%n", parties, words[0], words[1]);
        // 2 words per element of an input a product opens no more; 4 per element of a product of two inputs
        assertEquals(2L * (6 * 5 + 3 * 2 * 3 * 3 + 7 + 7) + 4L * 7, words[1] - words[0], "the inputs' openings saved");
    }

    /**
     * A product of vectors past {@link org.consortia.mpc.protocols.Cost#CHUNK}: products and truncations in chunks; of
     * the {@code inputs} x and y as they were given (2: an input pair per chunk, on the masks' elements of that chunk,
     * nothing opened), of a copy of x and the input y (1: an input's triple per chunk), of the input x and a copy of y
     * (3: the same, the input on the left) or of copies (0: the general triple).
     */
    static double[] chunkedProgram(Backend be, double[] x, double[] y, int inputs) {
        int last = be.parties() - 1;
        SecretTensor a = be.input(0, Shape.vector(x.length), be.readsInputOf(0) ? x : null);
        SecretTensor b = be.input(last, Shape.vector(y.length), be.readsInputOf(last) ? y : null);
        SecretTensor left = inputs == 2 || inputs == 3 ? a : a.mul(1L);
        SecretTensor right = inputs == 1 || inputs == 2 ? b : b.mul(1L);
        return left.mul(right).reveal();
    }

    /**
     * Products and truncations of more than a chunk run in chunks, two in flight (the second chunk's opening leaves
     * before the first's is read): the plaintext backend's results within the product bound, and an error in the
     * last chunk's product share, truncation share or opening makes every honest party abort.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2, 2", "2, 1", "2, 3", "2, 0", "3, 2", "3, 1", "3, 3", "3, 0"})
    void chunkedProductsMatchThePlaintextBackendAndCatchACheat(int parties, int inputs) {
        long seed = 29_700L + parties;
        System.out.println("MaliciousTensorIT.chunked seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int n = 2 * Cost.CHUNK + 1_000; // three chunks
        double[] x = r.doubles(n, -100, 100).toArray();
        double[] y = r.doubles(n, -100, 100).toArray();
        double[] want = chunkedProgram(new PlainBackend(parties, FP), x, y, inputs);
        LocalAuthDealer honest = new LocalAuthDealer(parties);
        var out = MemoryParties.run(parties, ch -> chunkedProgram(new AuthBackend(new AuthParty(ch,
                honest.source(ch.self())), FP), x, y, inputs));
        for (int i = 0; i < parties; i++) {
            assertNull(out[i].failure(), "party " + i + " failed: " + out[i].failure());
            assertArrayEquals(want, out[i].value(), PRODUCT_BOUND, "party " + i);
        }
        // with the on-the-spot check due inside the product (the bound below one chunk's e and f), the pipeline
        // finishes its chunk in flight first and the check runs between chunks, at every party alike
        LocalAuthDealer bounded = new LocalAuthDealer(parties);
        var checked = MemoryParties.run(parties, ch -> {
            AuthParty party = new AuthParty(ch, bounded.source(ch.self())).checkingFrom(Cost.CHUNK);
            double[] got = chunkedProgram(new AuthBackend(party, FP), x, y, inputs);
            return new Object[] {got, party.checks()};
        });
        for (int i = 0; i < parties; i++) {
            assertNull(checked[i].failure(), "party " + i + " failed: " + checked[i].failure());
            assertArrayEquals(want, (double[]) checked[i].value()[0], PRODUCT_BOUND, "party " + i + ", bounded");
            // two inside the product and two inside the truncation (each drains its first and second chunks), and
            // the reveal's three (what waits, then each of its two openings past the bound): 7; without draining, 4 (the
            // product and the truncation could check only once nothing is in flight, at their ends); a product of
            // two inputs opens nothing: 5
            assertEquals(inputs == 2 ? 5L : 7L, checked[i].value()[1], "checks at party " + i);
        }
        int cheater = parties - 1;
        for (Tamper.Point point : new Tamper.Point[] {Tamper.Point.PRODUCT, Tamper.Point.TRUNCATION,
            Tamper.Point.OPENING, Tamper.Point.ANNOUNCEMENT}) { // the cheater owns y: a different d to its last peer
            AtomicInteger calls = new AtomicInteger();
            LocalAuthDealer counting = new LocalAuthDealer(parties);
            MemoryParties.run(parties, ch -> chunkedProgram(new AuthBackend(new AuthParty(ch, counting.source(ch.self()),
                    ch.self() == cheater ? Cheats.counting(point, calls) : Tamper.NONE), FP), x, y, inputs));
            assertTrue(calls.get() >= (point == Tamper.Point.ANNOUNCEMENT ? parties - 1 : 2), point + " passed "
                    + calls.get() + " times: expected one per chunk (an announcement: one per peer)");
            int target = calls.get() - 1; // the last chunk's
            boolean[] unmasked = new boolean[parties];
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            var cheated = MemoryParties.run(parties, ch -> chunkedProgram(new AuthBackend(new AuthParty(ch,
                    dealer.source(ch.self()), ch.self() == cheater ? Cheats.once(point, target, r.split())
                            : Cheats.watching(unmasked, ch.self())), FP), x, y, inputs));
            Cheats.assertEveryHonestPartyAborted(cheated, cheater, point, unmasked, parties + " parties, party "
                    + cheater + " cheats at " + point + " call " + target);
        }
    }

    /** How often the cheater's protocol layer passes {@code point} in an honest run (the same in every run). */
    private static int countCalls(int parties, double[] x, double[] y, int cheater, Tamper.Point point,
            Comparisons comparisons) {
        AtomicInteger calls = new AtomicInteger();
        LocalAuthDealer dealer = new LocalAuthDealer(parties);
        var out = MemoryParties.run(parties, ch -> cheatProgram(new AuthBackend(new AuthParty(ch, dealer.source(ch.self()),
                ch.self() != cheater ? Tamper.NONE : Cheats.counting(point, calls), comparisons), FP), x, y));
        for (var o : out) {
            assertNull(o.failure());
        }
        assertTrue(calls.get() > 0, "the program passes " + point);
        return calls.get();
    }
}
