package org.consortia.mpc.runtime.nn;

import org.consortia.mpc.runtime.FssComparisons;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link InferenceLayersTest} again with comparisons by function secret sharing ({@link FssComparisons}):
 * 2 parties run the FSS GELU, sigmoid and the fused truncation and ReLU, within the same bounds; 3 and 5 parties
 * still run boolean comparisons.
 */
@ExtendWith(FssComparisons.class)
class InferenceLayersFssTest extends InferenceLayersTest {
}
