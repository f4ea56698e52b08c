package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * The few primitives that differ between secure computation and its plaintext reference. Everything
 * else ({@link SecretTensor}'s linear algebra, fixed-point bookkeeping, the researcher API) is written once
 * on top of this interface, so the same program runs on {@code MpcBackend} and {@code PlainBackend}.
 * All arrays are ring values laid out by {@link #ring()}: shares for the secure backends, plain values for the
 * reference; the results of {@link #open} and {@link #openTo} are plain 64-bit values whatever the layout.
 */
public interface Backend {
    /** This party's index. */
    int party();

    int parties();

    /** Whether this backend reads the input values of {@code owner} (the owner itself; every owner in plaintext). */
    default boolean readsInputOf(int owner) {
        return party() == owner;
    }

    /**
     * Whether shares carry MACs and every opening is checked (malicious mode): a kernel that relies on a member's input
     * being well formed (a bit, a value in a range) checks it there, where a member may input anything.
     */
    default boolean authenticated() {
        return false;
    }

    /** Whether this is the dry run that discovers a program's demand (revealed values are zeros in it). */
    default boolean dryRun() {
        return false;
    }

    /** The session's fixed-point setting. */
    FixedPoint fixedPoint();

    /**
     * The local arithmetic and layout of this backend's share arrays (every {@code long[]} of shares below is laid out
     * by it): plain 64-bit words by default.
     */
    default ShareRing ring() {
        return ShareRing.Z64;
    }

    /** This party's share of {@code len} values input by {@code owner} ({@code valuesAtOwner} read there only). */
    long[] inputShare(int owner, long[] valuesAtOwner, int len);

    /** This party's share of a public constant. */
    long[] publicShare(long[] constant);

    /** Adds a public constant to a share (only one party adds it). */
    long[] addPublic(long[] share, long[] constant);

    /** op(x, y) without truncation. */
    long[] bilinear(long[] x, long[] y, Bilinear op);

    /** Independent products ops[i](xs[i], ys[i]) without truncation, in one round where the backend can batch them. */
    default long[][] bilinearAll(long[][] xs, long[][] ys, Bilinear[] ops) {
        long[][] out = new long[ops.length][];
        for (int i = 0; i < ops.length; i++) {
            out[i] = bilinear(xs[i], ys[i], ops[i]);
        }
        return out;
    }

    /** x / 2^bits, within one least significant bit, for |x| &lt; 2^62. */
    long[] truncate(long[] x, int bits);

    /**
     * {y, x y}: y = {@link #truncate}(v, bits) ({@code k x n}) and the product of x ({@code m x k}) by it, without
     * truncation. By default a truncation, then a product (two rounds); one round where the backend fuses them.
     */
    default long[][] truncateAndMatmul(long[] x, long[] v, int m, int k, int n, int bits) {
        long[] y = truncate(v, bits);
        return new long[][] {y, bilinear(x, y, Bilinear.matmul(m, k, n))};
    }

    /** [x &lt; 0] (two's complement, exact for every ring value) as arithmetic 0/1 shares of scale 0. */
    long[] lessThanZero(long[] x);

    /** [x == 0] as arithmetic 0/1 shares of scale 0. */
    long[] equalsZero(long[] x);

    /**
     * Whether {@link #relu} is one protocol step of its own (function secret sharing, or the dealer's chunk codes with
     * their product bit), not a sign and a product.
     */
    default boolean reluInOneStep() {
        return false;
    }

    /** max(x, 0) of shares of any scale: x - x [x &lt; 0], or one step where {@link #reluInOneStep()}. */
    default long[] relu(long[] x) {
        long[] p = bilinear(x, lessThanZero(x), Bilinear.elementwise(ring().size(x)));
        return ring().sub(x, p);
    }

    /** Whether {@link #truncateRelu} is one protocol step of its own (function secret sharing). */
    default boolean truncateReluInOneStep() {
        return false;
    }

    /** relu(x / 2^bits) (a product's truncation and the ReLU after it): the two steps, or one where the backend fuses them. */
    default long[] truncateRelu(long[] x, int bits) {
        return relu(truncate(x, bits));
    }

    /** Whether {@link #spline} is one protocol step of its own (function secret sharing), not comparisons and products. */
    default boolean splineInOneStep() {
        return false;
    }

    /**
     * A public spline of fixed-point shares, exact in the ring: P_k(clamp(x)) at the spline's scale, not truncated
     * (the same integers on every backend). By default the clamp's and the pieces' comparisons as two batches of signs,
     * the powers of the clamped input and one batch of products ({@link SplineByComparisons}); one step where
     * {@link #splineInOneStep()}.
     */
    default long[] spline(long[] x, Spline spline) {
        return SplineByComparisons.evaluate(this, x, spline);
    }

    /**
     * {@link #spline} of x / 2^shift (x with {@code shift} more fractional bits than the spline's input): a truncation
     * first, or one step with the clamp where splines are one step.
     */
    default long[] spline(long[] x, Spline spline, int shift) {
        return spline(shift == 0 ? x : truncate(x, shift), spline);
    }

    /** {@link #spline} and {@link #relu} of the same shares: {spline, relu}; in the spline's step where it is one. */
    default long[][] splineAndRelu(long[] x, Spline spline) {
        return new long[][] {spline(x, spline), relu(x)};
    }

    /** A2B: XOR shares of the 64 bits of every element (the plaintext backend returns the values). */
    long[] toBits(long[] x);

    /** Opens XOR-shared words to every party. */
    long[] openBits(long[] bits);

    /** Opens to every party. */
    long[] open(long[] x);

    /** Opens to {@code receiver}; {@code null} at other parties. */
    long[] openTo(int receiver, long[] x);

    /** Accounting scope for bytes and rounds. */
    PartyChannel.Scope operation(String name);

    /**
     * Sends {@code words} (taken over) to {@code peer}: for protocols beyond shares, such as record linkage, whose
     * messages are not openings. The plaintext reference, which plays every party, has no peers to send to.
     */
    default void send(int peer, long[] words) {
        throw new UnsupportedOperationException("this backend has no peers: " + this);
    }

    /** The next {@code words} words from {@code peer} (zeros in a dry run); see {@link #send}. */
    default long[] receive(int peer, int words) {
        throw new UnsupportedOperationException("this backend has no peers: " + this);
    }

    // ---- Researcher-facing constructors, written once for every backend ----

    /** Secret fixed-point input from {@code owner}; {@code values} are read on the owner only (may be null elsewhere). */
    default SecretTensor input(int owner, Shape shape, double[] values) {
        MpcArgumentException.checkParty(owner, parties(), "input owner");
        long[] encoded = null;
        if (readsInputOf(owner)) {
            if (values == null || values.length != shape.size()) {
                throw new MpcArgumentException("input: owner " + owner + " must supply " + shape.size() + " values for shape "
                        + shape + ", got " + (values == null ? "none" : values.length));
            }
            encoded = fixedPoint().encode(values);
        }
        try (var s = operation("input")) {
            return new SecretTensor(this, shape, inputShare(owner, encoded, shape.size()), fixedPoint().fracBits());
        }
    }

    /** Secret integer input (scale 0) from {@code owner}. */
    default SecretTensor inputIntegers(int owner, Shape shape, long[] values) {
        MpcArgumentException.checkParty(owner, parties(), "input owner");
        try (var s = operation("input")) {
            return new SecretTensor(this, shape, inputShare(owner, readsInputOf(owner) ? values : null, shape.size()), 0);
        }
    }

    /** A public fixed-point constant as a tensor that can be mixed with secrets. */
    default SecretTensor constant(Shape shape, double[] values) {
        if (values.length != shape.size()) {
            throw new MpcArgumentException("constant: " + values.length + " values for shape " + shape);
        }
        return new SecretTensor(this, shape, publicShare(fixedPoint().encode(values)), fixedPoint().fracBits());
    }
}
