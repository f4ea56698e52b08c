package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Backend;

/**
 * A check that a member's inputs are well formed in malicious mode: shares of values that are zero exactly when every
 * member input what it should (c - c^2 for a bit, a row's sum less 1 for a one-hot row) are opened, checked as every
 * opening in malicious mode is, and any nonzero one fails the job with {@code CHECK_FAILED} at every member alike
 * (all see the same opened values). An honest member's openings are all zeros: they say nothing.
 */
public final class ZeroCheck {
    private ZeroCheck() {
    }

    /**
     * Opens {@code share} and throws {@link CheckFailedException} naming {@code phase} if any element is not zero (a dry
     * run's openings are zeros by construction and are not judged).
     */
    public static void opensZeros(Backend be, long[] share, String phase) {
        for (long v : be.open(share)) {
            if (v != 0 && !be.dryRun()) {
                throw new CheckFailedException(phase);
            }
        }
    }
}
