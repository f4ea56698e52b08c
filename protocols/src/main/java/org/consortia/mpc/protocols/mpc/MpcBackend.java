package org.consortia.mpc.protocols.mpc;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Pipeline;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.arith.Input;
import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.protocols.arith.TruncMatmul;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.protocols.bool.Bool;
import org.consortia.mpc.protocols.bool.Compare;
import org.consortia.mpc.protocols.bool.Convert;
import org.consortia.mpc.protocols.fss.FssSign;
import org.consortia.mpc.protocols.fss.FssSpline;
import org.consortia.mpc.protocols.fss.FssTruncRelu;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.protocols.net.RevealListener;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/** The secure backend: additive shares in Z_2^64 with dealer-assisted Beaver products and truncation. */
public final class MpcBackend implements Backend {
    private final PartyContext ctx;
    private final FixedPoint fixedPoint;
    private final RevealListener reveals;

    public MpcBackend(PartyContext ctx, FixedPoint fixedPoint) {
        this(ctx, fixedPoint, RevealListener.NONE);
    }

    /** A backend that tells {@code reveals} of every opening before it happens. */
    public MpcBackend(PartyContext ctx, FixedPoint fixedPoint, RevealListener reveals) {
        this.ctx = ctx;
        this.fixedPoint = fixedPoint;
        this.reveals = reveals;
    }

    @Override
    public int party() {
        return ctx.self();
    }

    @Override
    public int parties() {
        return ctx.parties();
    }

    @Override
    public boolean dryRun() {
        return ctx.dryRun();
    }

    @Override
    public FixedPoint fixedPoint() {
        return fixedPoint;
    }

    @Override
    public long[] inputShare(int owner, long[] valuesAtOwner, int len) {
        if (ctx.dryRun() && ctx.self() == owner) {
            valuesAtOwner = new long[len];
        }
        return Input.input(ctx, owner, valuesAtOwner, len);
    }

    @Override
    public long[] publicShare(long[] constant) {
        return ctx.self() == 0 ? constant.clone() : new long[constant.length];
    }

    @Override
    public long[] addPublic(long[] share, long[] constant) {
        if (ctx.self() != 0) {
            return share.clone();
        }
        long[] out = share.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += constant[i];
        }
        return out;
    }

    @Override
    public long[] bilinear(long[] x, long[] y, Bilinear op) {
        if (x.length > Cost.CHUNK && op.triple() instanceof Request.Triple
                && op.leftSize() == op.outSize() && op.rightSize() == op.outSize()) {
            return Pipeline.run(x.length, 1, (from, to) -> Beaver.start(ctx, java.util.Arrays.copyOfRange(x, from, to),
                    java.util.Arrays.copyOfRange(y, from, to), Bilinear.elementwise(to - from)), p -> Beaver.finish(ctx, p));
        }
        return Beaver.multiply(ctx, x, y, op);
    }

    /**
     * Elementwise work on more than {@link Cost#CHUNK} elements, in chunks one after another: the correlated randomness
     * each step needs, and so the dealer's and every party's working memory, stay bounded whatever the rows (a few
     * more rounds, the same bytes).
     */
    private static long[] chunked(int n, java.util.function.BiFunction<Integer, Integer, long[]> part) {
        long[] out = new long[n];
        for (int from = 0; from < n; from += Cost.CHUNK) {
            int to = Math.min(n, from + Cost.CHUNK);
            System.arraycopy(part.apply(from, to), 0, out, from, to - from);
        }
        return out;
    }

    @Override
    public long[][] bilinearAll(long[][] xs, long[][] ys, Bilinear[] ops) {
        return Beaver.multiplyAll(ctx, xs, ys, ops);
    }

    @Override
    public long[] truncate(long[] x, int bits) {
        if (x.length > Cost.CHUNK) {
            return Pipeline.run(x.length, 1, (from, to) -> Truncation.start(ctx, java.util.Arrays.copyOfRange(x, from, to), bits),
                    p -> Truncation.finish(ctx, p));
        }
        return Truncation.truncate(ctx, x, bits);
    }

    /**
     * One round by {@link TruncMatmul} in FSS mode (the mode that guarantees a dealer) for a product of at most
     * {@link Cost#CHUNK} multiply-adds; otherwise a truncation, then a product.
     */
    @Override
    public long[][] truncateAndMatmul(long[] x, long[] v, int m, int k, int n, int bits) {
        if (ctx.comparisons() != Comparisons.FSS || (long) m * k * n > Cost.CHUNK || (long) k * n + (long) m * k > Cost.CHUNK) {
            return Backend.super.truncateAndMatmul(x, v, m, k, n, bits);
        }
        return TruncMatmul.run(ctx, x, v, m, k, n, bits);
    }

    @Override
    public long[] lessThanZero(long[] x) {
        if (x.length > Cost.CHUNK) {
            return chunked(x.length, (from, to) -> lessThanZero(java.util.Arrays.copyOfRange(x, from, to)));
        }
        if (ctx.comparisons() == Comparisons.FSS) {
            return FssSign.ltz(ctx, x);
        }
        return Convert.bitsToArithmetic(ctx, Compare.msb(ctx, x), x.length);
    }

    /** ReLU as one protocol: FSS keys, or the dealer's chunk codes with their product bit ({@link Compare#relu}). */
    @Override
    public boolean reluInOneStep() {
        return ctx.comparisons() != Comparisons.BITS;
    }

    @Override
    public long[] relu(long[] x) {
        if (!reluInOneStep()) {
            return Backend.super.relu(x);
        }
        if (x.length > Cost.CHUNK) {
            return chunked(x.length, (from, to) -> relu(java.util.Arrays.copyOfRange(x, from, to)));
        }
        return ctx.comparisons() == Comparisons.FSS ? FssSign.relu(ctx, x) : Compare.relu(ctx, x);
    }

    @Override
    public boolean truncateReluInOneStep() {
        return ctx.comparisons() == Comparisons.FSS;
    }

    @Override
    public long[] truncateRelu(long[] x, int bits) {
        if (!truncateReluInOneStep()) {
            return Backend.super.truncateRelu(x, bits);
        }
        if (x.length > Cost.CHUNK) {
            return chunked(x.length, (from, to) -> truncateRelu(java.util.Arrays.copyOfRange(x, from, to), bits));
        }
        return FssTruncRelu.run(ctx, x, bits);
    }

    @Override
    public boolean splineInOneStep() {
        return ctx.comparisons() == Comparisons.FSS;
    }

    @Override
    public long[] spline(long[] x, Spline spline) {
        if (!splineInOneStep()) {
            return Backend.super.spline(x, spline);
        }
        if (x.length > Cost.CHUNK) {
            return chunked(x.length, (from, to) -> spline(java.util.Arrays.copyOfRange(x, from, to), spline));
        }
        return FssSpline.evaluate(ctx, x, spline);
    }

    @Override
    public long[] spline(long[] x, Spline spline, int shift) {
        if (!splineInOneStep() || shift == 0) {
            return shift == 0 ? spline(x, spline) : Backend.super.spline(x, spline, shift);
        }
        if (x.length > Cost.CHUNK) {
            return chunked(x.length, (from, to) -> spline(java.util.Arrays.copyOfRange(x, from, to), spline, shift));
        }
        return FssSpline.evaluate(ctx, x, spline, shift);
    }

    @Override
    public long[][] splineAndRelu(long[] x, Spline spline) {
        if (!splineInOneStep()) {
            return Backend.super.splineAndRelu(x, spline);
        }
        if (x.length > Cost.CHUNK) {
            long[][] out = {new long[x.length], new long[x.length]};
            for (int from = 0; from < x.length; from += Cost.CHUNK) {
                int to = Math.min(x.length, from + Cost.CHUNK);
                long[][] part = splineAndRelu(java.util.Arrays.copyOfRange(x, from, to), spline);
                System.arraycopy(part[0], 0, out[0], from, to - from);
                System.arraycopy(part[1], 0, out[1], from, to - from);
            }
            return out;
        }
        return FssSpline.evaluateWithRelu(ctx, x, spline);
    }

    @Override
    public long[] equalsZero(long[] x) {
        if (x.length > Cost.CHUNK) {
            return chunked(x.length, (from, to) -> equalsZero(java.util.Arrays.copyOfRange(x, from, to)));
        }
        return Convert.bitsToArithmetic(ctx, Compare.isZero(ctx, x), x.length);
    }

    @Override
    public long[] toBits(long[] x) {
        return Convert.arithmeticToBits(ctx, x);
    }

    @Override
    public long[] openBits(long[] bits) {
        reveals.revealing(RevealListener.ALL, bits.length);
        return Bool.openXor(ctx, bits);
    }

    @Override
    public long[] open(long[] x) {
        reveals.revealing(RevealListener.ALL, x.length);
        return Open.open(ctx, x);
    }

    @Override
    public long[] openTo(int receiver, long[] x) {
        reveals.revealing(receiver, x.length);
        return Open.openTo(ctx, receiver, x);
    }

    @Override
    public void send(int peer, long[] words) {
        ctx.channel().send(peer, words);
    }

    @Override
    public long[] receive(int peer, int words) {
        return ctx.channel().receive(peer, words);
    }

    @Override
    public PartyChannel.Scope operation(String name) {
        return ctx.channel().operation(name);
    }

    @Override
    public String toString() {
        return "MpcBackend[" + ctx + ", " + fixedPoint + "]";
    }
}
