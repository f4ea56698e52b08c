package org.consortia.mpc.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void mulAndMatmulTwoParties() {
        try (LocalCluster c = new LocalCluster(2)) {
            ClusterRun<double[]> run = c.run(p -> {
                var x = p.input(0, Shape.matrix(2, 2), new double[] {1.5, -2, 3, 4});
                var y = p.input(1, Shape.matrix(2, 2), new double[] {2, 0.5, -1, 0.25});
                return x.matmul(y).add(x.mul(y)).reveal();
            });
            double[] r = run.result(0);
            // [1.5 -2; 3 4] x [2 .5; -1 .25] = [5, 0.25; 2, 2.5]; elementwise = [3, -1; -3, 1]
            double[] expect = {8, -0.75, -1, 3.5};
            for (int i = 0; i < 4; i++) {
                assertEquals(expect[i], r[i], 1e-4);
            }
            System.out.println(run + " " + run.demand());
        }
    }
}
