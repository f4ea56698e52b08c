package org.consortia.mpc.sharing.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.prg.AesPrg;
import org.consortia.mpc.sharing.prg.Seed;

/**
 * Party side of the authenticated dealer: derives this party's share of item {@code index} and its MAC key share from
 * the seed it shares with the dealer. Components come from the stream {@code (seed, index)} in a fixed order; party 0
 * takes the ones the dealer fixes (every MAC share, and the low words of a fixed value such as c of a triple) from
 * the correction words instead. The {@link AuthDealer} runs the same code for every party (with zeros in party 0's
 * corrected places).
 */
public final class AuthDerivation {
    /** The stream of the MAC key share (items count from 0). */
    static final long KEY_STREAM = -1L;

    private AuthDerivation() {
    }

    /** This party's shares of the MAC keys (alpha's, then delta's): fixed for all items of the seed. */
    public static MacKeyShare key(Seed seed) {
        AesPrg prg = AesPrg.scratch(seed, KEY_STREAM);
        return new MacKeyShare(prg.nextLong(), prg.nextLong(), prg.nextLong());
    }

    /**
     * @param correction the dealer's words for party 0 ({@link AuthRequest#correctionWords()}), null elsewhere (and in
     *                   the dealer, which then gets zeros there)
     * @param clear      the values in clear at a {@link AuthRequest.Known}'s owner, a {@link AuthRequest.SplineKey}'s
     *                   shared words at parties 0 and 1, else null (the dealer: a key's shared words are not needed)
     */
    public static AuthMaterial derive(int party, Seed seed, long index, AuthRequest request, long[] correction,
            long[] clear) {
        return derive(party, AesPrg.scratch(seed, index), request, correction, clear);
    }

    /**
     * The values of elements [offset, offset + size) of the {@link AuthRequest.Known} mask at item {@code index}, summed
     * over all parties in Z_2^128 (the dealer's r for an {@link AuthRequest.InputTriple}): a mask's values are the
     * first words of every party's stream for its item, so they are read from there without deriving the rest.
     */
    static long[] maskValues(Seed[] seeds, long index, int offset, int size) {
        long[] sum = new long[2 * size];
        long[] part = new long[2 * size];
        for (Seed seed : seeds) {
            AesPrg prg = AesPrg.scratch(seed, index);
            prg.seek(2L * offset);
            prg.fill(part, 0, part.length);
            Z128.addInto(sum, part);
        }
        return sum;
    }

    /**
     * Material of {@code request}'s shapes with every word zero (a dry run's: its program's openings are zeros
     * anyway, and only the sequence of requests counts), made without running the PRG; a comparison mask's codes
     * (241 entries an element) are left out, null.
     */
    public static AuthMaterial zeros(int party, AuthRequest request, long[] clear) {
        if (request instanceof AuthRequest.MaskBits b) { // no codes: a dry run's comparison never reads them
            return new AuthMaterial.Bits(b, new AuthShare(new long[2 * b.size()], new long[2 * b.size()]), null);
        }
        return derive(party, null, request, null, clear);
    }

    private static AuthMaterial derive(int party, AesPrg prg, AuthRequest request, long[] correction, long[] clear) {
        if (party != 0 && correction != null) {
            throw new MpcArgumentException("only party 0 receives corrections, not party " + party);
        }
        if (correction != null && correction.length != request.correctionWords()) {
            throw new MpcArgumentException("correction for " + request + " has " + correction.length + " words, expected "
                    + request.correctionWords());
        }
        if (clear != null && clear.length != request.clearWords(party)) {
            throw new MpcArgumentException("clear words for " + request + " at party " + party + ": " + clear.length);
        }
        Stream s = new Stream(prg, party == 0, correction);
        return switch (request) {
            case AuthRequest.Random r -> new AuthMaterial.Mask(r, s.share(r.size()), null);
            case AuthRequest.Known k -> new AuthMaterial.Mask(k, s.share(k.size()), clear);
            case AuthRequest.TruncPair t -> {
                AuthShare r = s.share(t.size());
                yield new AuthMaterial.Trunc(t, r, s.fixedShare(t.size()), s.fixedShare(t.size()));
            }
            case AuthRequest.MaskBits b -> bits(s, b);
            case AuthRequest.Triple t -> {
                AuthShare a = s.share(t.size());
                AuthShare b = s.share(t.size());
                yield new AuthMaterial.Triple(t, a, b, s.fixedShare(t.size()));
            }
            case AuthRequest.SharedTriple t -> {
                AuthShare a = s.share(t.size());
                AuthShare b = s.share(t.size() + t.shared());
                yield new AuthMaterial.Triple(t, a, b, s.fixedShare(t.size() + t.shared()));
            }
            case AuthRequest.SplineMask m -> {
                int n = m.size();
                int points = m.points();
                AuthShare r = s.share(n);
                AuthShare powers = s.fixedShare(Math.max(0, m.degree() - 1) * n);
                AuthShare bits = s.fixedShare(points * n);
                long[] masked = new long[2 * points * n];
                s.fixedInto(masked, 0, points * n);
                AuthShare bitPowers = s.fixedShare(points * m.degree() * n);
                long[] coins = new long[points * n];
                s.randomInto(coins, 0, points * n);
                yield new AuthMaterial.SplineMask(m, r, powers, bits, masked, bitPowers, coins);
            }
            case AuthRequest.SplineKey k -> new AuthMaterial.SplineKey(k, s.roots(k.size()),
                    clear != null ? clear : new long[0]);
            case AuthRequest.MatrixTriple t -> {
                AuthShare a = s.share(t.m() * t.k());
                AuthShare b = s.share(t.k() * t.n());
                yield new AuthMaterial.Triple(t, a, b, s.fixedShare(t.m() * t.n()));
            }
            case AuthRequest.InputTriple t -> {
                AuthShare a = s.share(t.leftSize());
                yield new AuthMaterial.Triple(t, a, null, s.fixedShare(t.outSize()));
            }
            case AuthRequest.InputPair t -> new AuthMaterial.Triple(t, null, null, s.fixedShare(t.size()));
            case AuthRequest.ConvTriple t -> {
                AuthShare a = s.share(t.conv().inputSize());
                AuthShare b = s.share(t.conv().weightSize());
                yield new AuthMaterial.Triple(t, a, b, s.fixedShare(t.conv().outSize()));
            }
        };
    }

    /**
     * A comparison mask a block of {@link AuthRequest.MaskBits#BLOCK} values at a time: each block's r (values, MACs),
     * then its codes (values, MACs), from the stream and the corrections in turn, so that the dealer makes the item a
     * block at a time in about a megabyte ({@link Blocks}) instead of every party's whole material at once.
     */
    private static AuthMaterial.Bits bits(Stream s, AuthRequest.MaskBits b) {
        int n = b.size();
        int per = AuthRequest.MaskBits.ENTRIES;
        AuthShare r = new AuthShare(new long[2 * n], new long[2 * n]);
        AuthShare codes = new AuthShare(new long[2 * per * n], new long[2 * per * n]);
        for (int e0 = 0; e0 < n; e0 += AuthRequest.MaskBits.BLOCK) {
            int k = Math.min(AuthRequest.MaskBits.BLOCK, n - e0);
            s.shareInto(r, e0, k);
            s.fixedShareInto(codes, per * e0, per * k);
        }
        return new AuthMaterial.Bits(b, r, codes);
    }

    /**
     * The dealer's side of a comparison mask of item {@code index}: every party's share a block at a time, in the order
     * the parties derive them ({@link #bits}); party 0's fixed parts zeros.
     */
    static Blocks bitBlocks(Seed[] seeds, long index) {
        return new Blocks(seeds, index);
    }

    /** Every party's stream of one comparison mask, advanced a block at a time ({@link #bitBlocks}). */
    static final class Blocks {
        private final Stream[] streams;

        private Blocks(Seed[] seeds, long index) {
            streams = new Stream[seeds.length];
            for (int i = 0; i < seeds.length; i++) { // a PRG each (not the thread's scratch one): they advance together
                streams[i] = new Stream(new AesPrg(seeds[i], index), i == 0, null);
            }
        }

        /** Every party's share of the next {@code k} values (a block: at most {@link AuthRequest.MaskBits#BLOCK}). */
        AuthMaterial[] next(int k) {
            AuthRequest.MaskBits b = new AuthRequest.MaskBits(k);
            AuthMaterial[] m = new AuthMaterial[streams.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = bits(streams[i], b);
            }
            return m;
        }
    }

    /** The components of one item in order: random from the PRG, or (party 0's fixed ones) from the corrections. */
    private static final class Stream {
        private final AesPrg prg;
        private final boolean corrected;
        private final long[] correction;
        private int at;

        Stream(AesPrg prg, boolean corrected, long[] correction) {
            this.prg = prg;
            this.corrected = corrected;
            this.correction = correction;
        }

        /** Random values, MACs fixed at party 0. */
        AuthShare share(int n) {
            AuthShare out = new AuthShare(new long[2 * n], new long[2 * n]);
            shareInto(out, 0, n);
            return out;
        }

        /**
         * Values and MACs both fixed at party 0 (the product of a triple): of the values, only the low words (values
         * carry meaning modulo 2^64; the high words are random at every party, and the MACs authenticate the whole
         * Z_2^128 sum, so every opening's mask still hides them).
         */
        AuthShare fixedShare(int n) {
            AuthShare out = new AuthShare(new long[2 * n], new long[2 * n]);
            fixedShareInto(out, 0, n);
            return out;
        }

        /** {@link #share} into elements [at, at + n) of {@code to}. */
        void shareInto(AuthShare to, int at, int n) {
            randomInto(to.value(), 2 * at, 2 * n);
            fixedInto(to.mac(), 2 * at, n);
        }

        /**
         * {@link #fixedShare} into elements [at, at + n) of {@code to}: party 0's values take their low words from the
         * corrections (zeros without them) and their high words from the stream.
         */
        void fixedShareInto(AuthShare to, int at, int n) {
            long[] v = to.value();
            if (!corrected) {
                randomInto(v, 2 * at, 2 * n);
            } else {
                randomInto(v, 2 * at, n); // the high words, spread below
                for (int j = n - 1; j >= 0; j--) {
                    v[2 * (at + j) + 1] = v[2 * at + j];
                    v[2 * (at + j)] = correction == null ? 0 : correction[this.at + j];
                }
                this.at += n;
            }
            fixedInto(to.mac(), 2 * at, n);
        }

        /** The next {@code words} words of the stream into {@code out} from {@code off} (left as they are without one). */
        private void randomInto(long[] out, int off, int words) {
            if (prg != null) {
                prg.fill(out, off, words);
            }
        }

        /** {@code n} elements fixed at party 0 (from the corrections, zeros without them), random elsewhere. */
        private void fixedInto(long[] out, int off, int n) {
            if (!corrected) {
                randomInto(out, off, 2 * n);
                return;
            }
            if (correction != null) {
                System.arraycopy(correction, at, out, off, 2 * n);
            } else {
                java.util.Arrays.fill(out, off, off + 2 * n, 0L);
            }
            at += 2 * n;
        }

        /** The root seeds of {@code n} comparison keys: this party's own, never corrected. */
        long[] roots(int n) {
            long[] out = new long[2 * n];
            randomInto(out, 0, 2 * n);
            return out;
        }
    }
}
