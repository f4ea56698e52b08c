package org.consortia.mpc.inference.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.sim.Simulation;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The op added as docs/extending.md shows (one file, {@link Abs}, and this test): an ONNX model with an Abs node imports
 * and runs securely, the model owner party 0 and the data owner the last party, |x| exact on the fixed point (bound: the
 * input's encoding, 2^-17) over values far beyond the examples' range, for 2, 3 and 5 parties and with FSS.
 */
class AbsTest {
    @ParameterizedTest(name = "{0} parties, {1}")
    @CsvSource({"2,BOOLEAN", "3,BOOLEAN", "5,BOOLEAN", "2,FSS"})
    void anOnnxAbsRunsExactlyOnShares(int parties, Comparisons comparisons, @TempDir Path dir) throws Exception {
        Model model = OnnxImport.load(OneNodeModel.write(dir, "Abs", Map.of(), 40));
        Model arch = model.architecture();
        long seed = 6_100L + parties;
        System.out.println("AbsTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int batch = 2;
        double[] x = new double[batch * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1000, 1000);
        }
        int data = parties - 1;
        var run = Simulation.run(parties, comparisons, FixedPoint.defaults(), be -> SecureInference.run(be,
                be.party() == 0 ? model : arch, 0, data, batch, be.party() == data ? x : null).revealTo(data));
        double[] got = run.result(data);
        assertEquals(x.length, got.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - Math.abs(x[i])));
        }
        System.out.printf("Abs, %d parties, %s: max |secure - |x|| = %.2e%n", parties, comparisons, worst);
        assertTrue(worst <= 0x1p-17, "error " + worst);
    }
}
