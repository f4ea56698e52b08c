package org.consortia.mpc.sharing.auth;

/**
 * One party's share of one {@link AuthRequest}. {@code toString()} prints kind and size only, never values.
 *
 * <p>A value the correlation fixes (a triple's c, a truncation's t and m, a comparison's codes, a sign or spline
 * mask's bits s, r s and powers of r) is right modulo 2^64 only: its high words are random ({@link AuthDealer} fixes
 * the low words and the MACs of the whole Z_2^128 sum). Kernels use shared values modulo 2^64 and open them only under a uniform 128-bit mask; code
 * that read a shared value's high words would break.
 */
public sealed interface AuthMaterial {
    AuthRequest request();

    /** Words this share holds (values, MACs and clear values): what a party's budget of prepared material counts. */
    default long words() {
        return switch (this) {
            case Mask m -> 2L * m.r().value().length + (m.clear() == null ? 0 : m.clear().length);
            case Trunc t -> 2L * (t.r().value().length + t.high().value().length + t.msb().value().length);
            case Bits b -> 2L * (b.r().value().length + (b.codes() == null ? 0 : b.codes().value().length));
            case Triple t -> 2L * ((t.a() == null ? 0 : t.a().value().length) + (t.b() == null ? 0 : t.b().value().length)
                    + t.c().value().length);
            case SplineMask m -> 2L * (m.r().value().length + m.powers().value().length + m.bits().value().length
                    + m.bitPowers().value().length) + m.masked().length + m.coins().length;
            case SplineKey k -> k.roots().length + k.shared().length;
        };
    }

    /** Shares of random r; {@code clear} holds r itself (interleaved Z_2^128) at a {@link AuthRequest.Known}'s owner, else null. */
    record Mask(AuthRequest request, AuthShare r, long[] clear) implements AuthMaterial {
        @Override
        public String toString() {
            return "Mask" + request + (clear != null ? " (owner)" : "");
        }
    }

    /** Shares of r, of t = r_lo &gt;&gt;&gt; f and of m = r_lo &gt;&gt;&gt; 63 (both modulo 2^64: {@link AuthRequest.TruncPair}). */
    record Trunc(AuthRequest.TruncPair request, AuthShare r, AuthShare high, AuthShare msb) implements AuthMaterial {
        @Override
        public String toString() {
            return "Trunc" + request;
        }
    }

    /**
     * Shares of r and of its chunks' thermometer codes and bit 63, {@link AuthRequest.MaskBits#ENTRIES} per value
     * ({@link AuthRequest.MaskBits}); codes null in a dry run's zeros ({@link AuthDerivation#zeros}).
     */
    record Bits(AuthRequest.MaskBits request, AuthShare r, AuthShare codes) implements AuthMaterial {
        @Override
        public String toString() {
            return "Bits" + request;
        }
    }

    /**
     * Shares of r (element j at j), of r^i for i = 2 .. degree (at (i - 2) n + j), of the bits s_q (at q n + j), XOR
     * shares of m xor s_q and its binary MAC ({@code masked[2 (q n + j)]}, {@code [2 (q n + j) + 1]}), shares of s_q r^i
     * for i = 1 .. degree (at (q degree + i - 1) n + j), and this party's coins ({@link AuthRequest.SplineMask}).
     */
    record SplineMask(AuthRequest.SplineMask request, AuthShare r, AuthShare powers, AuthShare bits, long[] masked,
            AuthShare bitPowers, long[] coins) implements AuthMaterial {
        @Override
        public String toString() {
            return "SplineMask" + request;
        }
    }

    /** A party's spline comparison keys: its root seeds (2 words per element) and the keys' shared words. */
    record SplineKey(AuthRequest.SplineKey request, long[] roots, long[] shared) implements AuthMaterial {
        @Override
        public String toString() {
            return "SplineKey" + request;
        }
    }

    /**
     * Shares of a, b and c = op(a, b) modulo 2^64; b null for an {@link AuthRequest.InputTriple} (the parties hold it as
     * their input), a and b null for an {@link AuthRequest.InputPair} (both inputs').
     */
    record Triple(AuthRequest request, AuthShare a, AuthShare b, AuthShare c) implements AuthMaterial {
        @Override
        public String toString() {
            return "Triple" + request;
        }
    }
}
