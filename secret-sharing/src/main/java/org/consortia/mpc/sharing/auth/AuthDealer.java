package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.prg.Seed;
import org.consortia.mpc.sharing.ring.Ring;

/**
 * The honest dealer's authenticated arithmetic (no I/O): from one seed per party it knows every party's key share,
 * hence alpha, and answers each item with party 0's corrections (MACs alpha * x of every random value, the product of
 * a triple and its MAC) and, for an input or output mask, the mask in clear to its owner. The dealer colludes with no
 * party; a party that deviates online is caught by the MAC check, not trusted.
 */
public final class AuthDealer {
    private final Seed[] seeds;
    private final long alphaLo;
    private final long alphaHi;

    public AuthDealer(Seed[] partySeeds) {
        if (partySeeds.length < 2) {
            throw new MpcArgumentException("a dealer serves at least 2 parties, got " + partySeeds.length);
        }
        this.seeds = partySeeds.clone();
        long[] alpha = new long[2];
        for (Seed s : seeds) {
            MacKeyShare k = AuthDerivation.key(s);
            Z128.addInto(alpha, new long[] {k.lo(), k.hi()});
        }
        this.alphaLo = alpha[0];
        this.alphaHi = alpha[1];
    }

    public int parties() {
        return seeds.length;
    }

    /** What the dealer sends for one item: corrections to party 0, the values in clear to a mask's owner. */
    public record Answer(long[] correction, int owner, long[] clear) {
        @Override
        public String toString() {
            return "Answer[" + correction.length + " correction words" + (clear == null ? "" : ", clear to " + owner) + "]";
        }
    }

    public Answer answer(AuthRequest request, long index) {
        int n = seeds.length;
        if (request instanceof AuthRequest.Known k) {
            MpcArgumentException.checkParty(k.owner(), n, "mask owner");
        }
        AuthMaterial[] m = new AuthMaterial[n];
        for (int i = 0; i < n; i++) {
            m[i] = AuthDerivation.derive(i, seeds[i], index, request, null, null);
        }
        return switch (request) {
            case AuthRequest.Random r -> new Answer(macFix(m, x -> ((AuthMaterial.Mask) x).r()), -1, null);
            case AuthRequest.Known k -> {
                long[] r = valueSum(m, x -> ((AuthMaterial.Mask) x).r());
                yield new Answer(macFix(m, x -> ((AuthMaterial.Mask) x).r()), k.owner(), r);
            }
            case AuthRequest.TruncPair t -> truncAnswer(m, t.fracBits());
            case AuthRequest.MaskBits b -> bitsAnswer(m);
            case AuthRequest.Triple t -> tripleAnswer(m, (a, b) -> Z128.mul(a, b));
            case AuthRequest.MatrixTriple t -> tripleAnswer(m, (a, b) -> {
                long[] c = Z128.zeros(t.m() * t.n());
                Z128.matmulAddInto(c, a, b, t.m(), t.k(), t.n());
                return c;
            });
        };
    }

    private interface Part {
        AuthShare of(AuthMaterial m);
    }

    private interface Op {
        long[] apply(long[] a, long[] b);
    }

    private Answer tripleAnswer(AuthMaterial[] m, Op op) {
        Part pa = x -> ((AuthMaterial.Triple) x).a();
        Part pb = x -> ((AuthMaterial.Triple) x).b();
        Part pc = x -> ((AuthMaterial.Triple) x).c();
        long[] c = op.apply(valueSum(m, pa), valueSum(m, pb));
        long[] aMac = macFix(m, pa);
        long[] bMac = macFix(m, pb);
        return new Answer(Ring.concat(aMac, bMac, fixed(m, pc, c)), -1, null);
    }

    private Answer truncAnswer(AuthMaterial[] m, int bits) {
        Part pr = x -> ((AuthMaterial.Trunc) x).r();
        long[] r = valueSum(m, pr);
        long[] high = new long[r.length];
        long[] msb = new long[r.length];
        for (int j = 0; j < r.length; j += 2) {
            high[j] = r[j] >>> bits;
            msb[j] = r[j] >>> 63;
        }
        return new Answer(Ring.concat(macFix(m, pr), fixed(m, x -> ((AuthMaterial.Trunc) x).high(), high),
                fixed(m, x -> ((AuthMaterial.Trunc) x).msb(), msb)), -1, null);
    }

    private Answer bitsAnswer(AuthMaterial[] m) {
        Part pr = x -> ((AuthMaterial.Bits) x).r();
        long[] r = valueSum(m, pr);
        long[] bits = new long[64 * r.length]; // 64 elements of 2 words per value of 2 words
        for (int i = 0; i < r.length / 2; i++) {
            long lo = r[2 * i];
            for (int j = 0; j < 64; j++) {
                bits[2 * (64 * i + j)] = (lo >>> j) & 1L;
            }
        }
        return new Answer(Ring.concat(macFix(m, pr), fixed(m, x -> ((AuthMaterial.Bits) x).bits(), bits)), -1, null);
    }

    /** Party 0's value and MAC shares (in that order) that make {@code p} share {@code v}, authenticated. */
    private long[] fixed(AuthMaterial[] m, Part p, long[] v) {
        return Ring.concat(Z128.sub(v, restSum(m, p, true)),
                Z128.sub(Z128.scale(v, alphaLo, alphaHi), restSum(m, p, false)));
    }

    /** Party 0's MAC share that makes the MACs of {@code p}'s values sum to alpha times their sum. */
    private long[] macFix(AuthMaterial[] m, Part p) {
        return Z128.sub(Z128.scale(valueSum(m, p), alphaLo, alphaHi), restSum(m, p, false));
    }

    private static long[] valueSum(AuthMaterial[] m, Part p) {
        long[] out = p.of(m[0]).value().clone();
        for (int i = 1; i < m.length; i++) {
            Z128.addInto(out, p.of(m[i]).value());
        }
        return out;
    }

    /** The values (or MACs) of parties 1..n-1. */
    private static long[] restSum(AuthMaterial[] m, Part p, boolean values) {
        long[] out = new long[p.of(m[0]).value().length];
        for (int i = 1; i < m.length; i++) {
            Z128.addInto(out, values ? p.of(m[i]).value() : p.of(m[i]).mac());
        }
        return out;
    }

    @Override
    public String toString() {
        return "AuthDealer[parties=" + seeds.length + "]";
    }
}
