package org.consortia.mpc.inference.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.consortia.mpc.inference.Layer;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.sim.Simulation;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered elementwise op, as its own file declares it: the secure evaluation against the op's plaintext
 * reference on its example range within its declared bound, and its declared cost against the simulator's counters
 * (an upper bound, loose by at most a factor of 4 in rounds and in words), among 2, 3 and 5 parties with boolean
 * comparisons and 2 with FSS; every ONNX type it imports, through the importer, as the op with ONNX's default
 * attributes. A new op in this package is tested here without a line of this file changed.
 */
class ElementwiseOpsTest {
    /** A size below one word of packed comparison bits, and one of several. */
    private static final int[] SIZES = {7, 200};

    /** The configurations every op runs in: parties and comparisons. */
    private record Config(int parties, Comparisons comparisons) {
    }

    private static final List<Config> CONFIGS = List.of(new Config(2, Comparisons.BOOLEAN), new Config(3, Comparisons.BOOLEAN),
            new Config(5, Comparisons.BOOLEAN), new Config(2, Comparisons.FSS));

    static List<String> ops() {
        return ElementwiseOps.names();
    }

    @Test
    void theRegistryHoldsTheShippedOps() {
        assertTrue(ops().containsAll(List.of("Abs", "Affine", "Clip", "Erf", "Exp", "Gelu", "GeluTanh", "HardSigmoid",
                "HardSwish", "LeakyRelu", "Tanh")), ops().toString());
        assertTrue(OnnxImport.SUPPORTED.containsAll(ElementwiseOps.onnxTypes()), OnnxImport.SUPPORTED.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void secureMatchesPlaintextAndTheDeclaredCostBoundsTheCounters(String name) {
        ElementwiseOp op = ElementwiseOps.get(name);
        ElementwiseOp.Example ex = op.example();
        long seed = 5_300L + name.hashCode();
        System.out.println("ElementwiseOpsTest " + name + " seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        List<String> wrong = new ArrayList<>();
        for (int n : SIZES) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) { // both ends, a grid, and random points between
                x[i] = i % 2 == 0 ? ex.lo() + (ex.hi() - ex.lo()) * i / Math.max(1, n - 1) : r.nextDouble(ex.lo(), ex.hi());
            }
            x[n - 1] = ex.hi();
            Cost declared = op.cost(n);
            long mostRounds = 0;
            long mostWords = 0;
            for (Config c : CONFIGS) {
                int owner = c.parties() - 1;
                var run = Simulation.run(c.parties(), c.comparisons(), FixedPoint.defaults(), be -> {
                    var t = be.input(owner, Shape.of(n), be.readsInputOf(owner) ? x : null);
                    return op.secure(t, ex.alpha(), ex.beta()).reveal();
                });
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    worst = Math.max(worst, Math.abs(run.result(0)[i] - op.plain(x[i], ex.alpha(), ex.beta())));
                }
                Cost reveal = Costs.reveal(n); // the inputs cost no messages; the reveal does
                long rounds = run.rounds() - reveal.rounds();
                long words = run.wordsToAPeer() - reveal.wordsPerPeer();
                System.out.printf("%s, n=%d, %d parties, %s: max error %.2e (bound %.0e), %d rounds (declared %d), %d words to "
                        + "a peer (declared %d)%n", name, n, c.parties(), c.comparisons(), worst, ex.maxError(), rounds,
                        declared.rounds(), words, declared.wordsPerPeer());
                if (!(worst <= ex.maxError())) {
                    wrong.add(n + " " + c + ": error " + worst);
                }
                if (rounds > declared.rounds() || words > declared.wordsPerPeer()) {
                    wrong.add(n + " " + c + ": cost " + rounds + " rounds, " + words + " words");
                }
                mostRounds = Math.max(mostRounds, rounds);
                mostWords = Math.max(mostWords, words);
            }
            if (declared.rounds() > 4 * Math.max(1, mostRounds) || declared.wordsPerPeer() > 4 * Math.max(1, mostWords)) {
                wrong.add("declared cost loose at " + n + ": " + declared + " for at most " + mostRounds + " rounds, "
                        + mostWords + " words");
            }
        }
        assertTrue(wrong.isEmpty(), name + ": " + wrong);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onnxTypes")
    void theOnnxTypeImportsAsItsOpWithOnnxDefaults(String type, @TempDir Path dir) throws Exception {
        ElementwiseOp op = ElementwiseOps.forOnnx(type);
        assertNotNull(op, type);
        Model m = OnnxImport.load(OneNodeModel.write(dir, type, Map.of(), 5));
        assertEquals(1, m.layers().size(), type);
        Layer.Elementwise e = (Layer.Elementwise) m.layers().get(0);
        ElementwiseOp.Params p = op.fromOnnx(type, new NoAttributes());
        assertEquals(p.kind(), e.kind());
        double[] x = {-2, -0.5, 0, 0.75, 3};
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = ElementwiseOps.get(p.kind()).plain(x[i], p.alpha(), p.beta());
        }
        assertArrayEquals(want, PlainInference.run(m, 1, x), 1e-6, type); // ONNX attributes are floats
    }

    static List<String> onnxTypes() {
        return ElementwiseOps.onnxTypes();
    }

    /** A node without attributes: ONNX's defaults. */
    private static final class NoAttributes implements OnnxAttributes {
        @Override
        public double real(String key, double fallback) {
            return fallback;
        }

        @Override
        public String string(String key, String fallback) {
            return fallback;
        }

        @Override
        public RuntimeException error(String what) {
            return new IllegalArgumentException(what);
        }
    }
}
