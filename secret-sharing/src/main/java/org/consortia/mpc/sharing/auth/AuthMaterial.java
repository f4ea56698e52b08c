package org.consortia.mpc.sharing.auth;

/** One party's share of one {@link AuthRequest}. {@code toString()} prints kind and size only, never values. */
public sealed interface AuthMaterial {
    AuthRequest request();

    /** Shares of random r; {@code clear} holds r itself (interleaved Z_2^128) at a {@link AuthRequest.Known}'s owner, else null. */
    record Mask(AuthRequest request, AuthShare r, long[] clear) implements AuthMaterial {
        @Override
        public String toString() {
            return "Mask" + request + (clear != null ? " (owner)" : "");
        }
    }

    /** Shares of r, of t = r_lo &gt;&gt;&gt; f and of m = r_lo &gt;&gt;&gt; 63 ({@link AuthRequest.TruncPair}). */
    record Trunc(AuthRequest.TruncPair request, AuthShare r, AuthShare high, AuthShare msb) implements AuthMaterial {
        @Override
        public String toString() {
            return "Trunc" + request;
        }
    }

    /** Shares of r and of the bits of its low word, 64 per value ({@link AuthRequest.MaskBits}). */
    record Bits(AuthRequest.MaskBits request, AuthShare r, AuthShare bits) implements AuthMaterial {
        @Override
        public String toString() {
            return "Bits" + request;
        }
    }

    /** Shares of a, b and c = op(a, b). */
    record Triple(AuthRequest request, AuthShare a, AuthShare b, AuthShare c) implements AuthMaterial {
        @Override
        public String toString() {
            return "Triple" + request;
        }
    }
}
