package org.consortia.mpc.sharing.auth;

/**
 * A party's additive share (in Z_2^128) of the global MAC key alpha, and its XOR share of the binary MAC key delta (64
 * bits: the MAC of a bit b is b delta, for the comparison bits of {@code AuthFssCompare}); the shares of all parties sum to
 * alpha (XOR to delta), which no party learns. {@code toString()} never prints them.
 */
public final class MacKeyShare {
    private final long lo;
    private final long hi;
    private final long bits;

    public MacKeyShare(long lo, long hi, long bits) {
        this.lo = lo;
        this.hi = hi;
        this.bits = bits;
    }

    public long lo() {
        return lo;
    }

    public long hi() {
        return hi;
    }

    /** The share of the binary MAC key delta. */
    public long bits() {
        return bits;
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
