package org.consortia.mpc.protocols.bool;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Boolean (XOR) sharing, bit-sliced 64 lanes per word: XOR and NOT are local (NOT: party 0 flips); AND takes
 * one dealer AND triple per word:
 * <pre>
 *   d = open(x ^ a), e = open(y ^ b)          (one batched exchange)
 *   z_i = c_i ^ (d &amp; b_i) ^ (e &amp; a_i)   (^ (d &amp; e) on party 0)
 * </pre>
 * Costs for {@code w} words: {@link #openXor} 1 round, w words to each peer; {@link #and} 1 round, 2w words to
 * each peer and w dealer correction words.
 */
public final class Bool {
    private Bool() {
    }

    /** Opening {@code words} XOR-shared words: 1 round, {@code words} to each peer. */
    public static Cost openCost(long words) {
        return new Cost(1, words);
    }

    /** AND of {@code words} words: 1 round, both masked operands ({@code 2 words}) to each peer. */
    public static Cost andCost(long words) {
        return new Cost(1, 2 * words);
    }

    public static long[] openXor(PartyContext ctx, long[] x) {
        PartyChannel ch = ctx.channel();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                ch.send(p, x);
            }
        }
        long[] out = x.clone();
        for (int p = 0; p < ch.parties(); p++) {
            if (p != ch.self()) {
                long[] s = ch.receive(p, x.length);
                for (int j = 0; j < out.length; j++) {
                    out[j] ^= s[j];
                }
            }
        }
        return out;
    }

    public static long[] and(PartyContext ctx, long[] x, long[] y) {
        if (x.length != y.length) {
            throw new MpcArgumentException("and: " + x.length + " words vs " + y.length);
        }
        int w = x.length;
        Material.AndShare t = ctx.take(new Request.AndTriple(w), Material.AndShare.class);
        if (ctx.dryRun()) {
            openXor(ctx, new long[2 * w]);
            return new long[w];
        }
        long[] a = t.a();
        long[] b = t.b();
        long[] masked = new long[2 * w];
        for (int j = 0; j < w; j++) {
            masked[j] = x[j] ^ a[j];
            masked[w + j] = y[j] ^ b[j];
        }
        long[] de = openXor(ctx, masked);
        long[] c = t.c();
        boolean first = ctx.self() == 0;
        long[] z = new long[w];
        for (int j = 0; j < w; j++) {
            long d = de[j];
            long e = de[w + j];
            z[j] = c[j] ^ (d & b[j]) ^ (e & a[j]) ^ (first ? d & e : 0L);
        }
        return z;
    }
}
