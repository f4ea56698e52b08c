package org.consortia.mpc.runtime.nn;

import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every case of {@link InferenceLayersTest} again with comparisons by function secret sharing (the clusters this class
 * makes take {@link LocalCluster#COMPARISONS_PROPERTY}): 2 parties run the FSS GELU, sigmoid and the fused truncation
 * and ReLU, within the same bounds; 3 and 5 parties still run boolean comparisons.
 */
class InferenceLayersFssTest extends InferenceLayersTest {
    private static String before;

    @BeforeAll
    static void fssComparisons() {
        before = System.setProperty(LocalCluster.COMPARISONS_PROPERTY, "fss");
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty(LocalCluster.COMPARISONS_PROPERTY);
        } else {
            System.setProperty(LocalCluster.COMPARISONS_PROPERTY, before);
        }
    }
}
