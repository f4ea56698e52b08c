package org.consortia.mpc.protocols.fss;

/**
 * The algebra every FSS gate shares. After c = open(v + r), a key with alpha = r mod 2^L gives each party shares of
 * (1 - 2 r_L) lt t for each word t of its payload (lt = [c mod 2^L &lt; r mod 2^L]), and the sign b of v (as a value
 * of L + 1 bits) is c_L xor d with d = r_L xor lt = r_L + (1 - 2 r_L) lt, so both are linear in shares:
 * <pre>
 *   [b]   = c_L (party 0 only) + (1 - 2 c_L) [d],   [d]   = [r_L]   + [(1 - 2 r_L) lt]
 *   [b t] = c_L [t] + (1 - 2 c_L) [d t],            [d t] = [r_L t] + [(1 - 2 r_L) lt t]
 * </pre>
 * for every mask-derived t of which the dealer also shares r_L t (a power of r, r_hi, r_63).
 */
final class SignShares {
    private SignShares() {
    }

    /** [b] from c_L, [r_L] and the key's word for 1. */
    static long bit(int party, long cTop, long rTop, long lt) {
        return (party == 0 ? cTop : 0) + (1 - 2 * cTop) * (rTop + lt);
    }

    /** [b t] from c_L, [t], [r_L t] and the key's word for t. */
    static long times(long cTop, long t, long rTopT, long ltT) {
        return cTop * t + (1 - 2 * cTop) * (rTopT + ltT);
    }

    /**
     * [b y] for y = x / 2^s, the truncation from c = open(x + 2^62 + r) ({@link
     * org.consortia.mpc.protocols.arith.Truncation}): b ((c &gt;&gt;&gt; s) - 2^(62-s)) - [b r_hi] + (1 - c_63) 2^(64-s) [b r_63],
     * with {@code pub} = (c &gt;&gt;&gt; s) - 2^(62-s), {@code wrap} = 1 - c_63 and {@code up} = 64 - s.
     */
    static long timesTruncation(long b, long bRHi, long bR63, long pub, long wrap, int up) {
        return b * pub - bRHi + (bR63 * wrap << up);
    }
}
