package org.consortia.mpc.runtime;

import org.consortia.mpc.runtime.local.LocalCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class re-running its parent's tests with comparisons by function secret sharing
 * ({@code @ExtendWith(FssComparisons.class)}): the clusters it makes take {@link LocalCluster#COMPARISONS_PROPERTY}
 * = fss, restored after the class.
 */
public final class FssComparisons implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FssComparisons.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        String before = System.setProperty(LocalCluster.COMPARISONS_PROPERTY, "fss");
        context.getStore(NS).put("before", before == null ? "" : before);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String before = context.getStore(NS).get("before", String.class);
        if (before == null || before.isEmpty()) {
            System.clearProperty(LocalCluster.COMPARISONS_PROPERTY);
        } else {
            System.setProperty(LocalCluster.COMPARISONS_PROPERTY, before);
        }
    }
}
