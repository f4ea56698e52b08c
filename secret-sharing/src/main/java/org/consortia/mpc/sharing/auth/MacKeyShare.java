package org.consortia.mpc.sharing.auth;

/**
 * A party's additive share (in Z_2^128) of the global MAC key alpha; the shares of all parties sum to alpha, which no
 * party learns. {@code toString()} never prints it.
 */
public final class MacKeyShare {
    private final long lo;
    private final long hi;

    public MacKeyShare(long lo, long hi) {
        this.lo = lo;
        this.hi = hi;
    }

    public long lo() {
        return lo;
    }

    public long hi() {
        return hi;
    }

    /** The share times the Z_2^128 vector {@code v}. */
    public long[] times(long[] v) {
        return Z128.scale(v, lo, hi);
    }

    @Override
    public String toString() {
        return "MacKeyShare[hidden]";
    }
}
