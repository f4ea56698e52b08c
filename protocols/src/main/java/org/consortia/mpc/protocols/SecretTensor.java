package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.ring.Conv2d;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * A secret tensor of one party in one session: its shape, its fixed-point scale (fractional bits of the
 * values it encodes: the session's f, or 0 for integers) and this party's share. Immutable; the fluent
 * methods return new tensors, e.g. {@code x.matmul(w).add(b).reveal()}.
 *
 * <p>Products of fixed-point operands are truncated back to the session's scale. Operands from different
 * sessions, of different scales or mismatched shapes raise {@link MpcArgumentException} naming both.
 * {@code toString()} prints shape and scale only.
 */
public final class SecretTensor {
    private final Backend backend;
    private final Shape shape;
    private final long[] share;
    private final int scale;

    SecretTensor(Backend backend, Shape shape, long[] share, int scale) {
        if (share.length != (long) shape.size() * backend.ring().width()) {
            throw new MpcArgumentException("tensor of shape " + shape + " needs " + shape.size() + " elements, got "
                    + share.length / backend.ring().width());
        }
        this.backend = backend;
        this.shape = shape;
        this.share = share;
        this.scale = scale;
    }

    public Shape shape() {
        return shape;
    }

    /** Fractional bits of the encoded values. */
    public int scale() {
        return scale;
    }

    public Backend backend() {
        return backend;
    }

    /** This party's share (a copy). A share alone reveals nothing, but never log it either. */
    public long[] share() {
        return share.clone();
    }

    /** The share itself, for kernels in this package (never modified). */
    long[] raw() {
        return share;
    }

    static SecretTensor of(Backend backend, Shape shape, long[] share, int scale) {
        return new SecretTensor(backend, shape, share, scale);
    }

    /**
     * A tensor from this party's share, for layers built on the kernels (e.g. convolution through im2col).
     * The array is taken over, not copied.
     */
    public static SecretTensor fromShare(Backend backend, Shape shape, long[] share, int scale) {
        return new SecretTensor(backend, shape, share, scale);
    }

    // ---- comparisons and selection (bits are tensors of scale 0 holding 0 or 1) ----

    /** [x &lt; 0] per element, exact for every value: 7 + 1 rounds (see {@code Compare}, {@code Convert}). */
    public SecretTensor ltz() {
        try (var s = backend.operation("compare")) {
            return new SecretTensor(backend, shape, backend.lessThanZero(share), 0);
        }
    }

    /** [x == 0] per element. */
    public SecretTensor isZero() {
        try (var s = backend.operation("compare")) {
            return new SecretTensor(backend, shape, backend.equalsZero(share), 0);
        }
    }

    /** [this &lt; o], exact while |this - o| &lt; 2^63 in the ring (always, for encoded values). */
    public SecretTensor lt(SecretTensor o) {
        return sub(o).ltz();
    }

    /** [this &lt; c] for a public real c. */
    public SecretTensor lt(double c) {
        return add(-c).ltz();
    }

    /** [this &gt; o]. */
    public SecretTensor gt(SecretTensor o) {
        return o.lt(this);
    }

    /** [this &gt;= o] = 1 - [this &lt; o]. */
    public SecretTensor ge(SecretTensor o) {
        return lt(o).not();
    }

    /** [this == o]. */
    public SecretTensor eq(SecretTensor o) {
        return sub(o).isZero();
    }

    /** 1 - b for a tensor of bits. */
    public SecretTensor not() {
        if (scale != 0) {
            throw new MpcArgumentException("not: expects bits (scale 0), got scale " + scale + " (shape " + shape + ")");
        }
        long[] one = new long[shape.size()];
        java.util.Arrays.fill(one, 1L);
        return with(backend.addPublic(ring().neg(share), one));
    }

    /** cond ? a : b elementwise, for bits {@code cond}: b + cond * (a - b), one Beaver round, exact. */
    public static SecretTensor where(SecretTensor cond, SecretTensor a, SecretTensor b) {
        return b.add(cond.mul(a.sub(b)));
    }

    /** max(x, 0) = x - x * [x &lt; 0], or one step of the backend's (FSS keys, or chunk codes): exact. */
    public SecretTensor relu() {
        try (var s = backend.operation("relu")) {
            return backend.reluInOneStep() ? with(backend.relu(share)) : sub(mul(ltz()));
        }
    }

    /**
     * relu of a product left at the sum of its factors' scales ({@link #matmulWide}, {@link #conv2dWide}), truncated to
     * the fixed point: the truncation and the ReLU in one step where the backend fuses them (function secret sharing),
     * else a truncation and a ReLU. A tensor at the fixed point's scale takes {@link #relu()}.
     */
    public SecretTensor reluTruncated() {
        int f = backend.fixedPoint().fracBits();
        if (scale <= f) {
            return relu();
        }
        try (var s = backend.operation("relu")) {
            return new SecretTensor(backend, shape, backend.truncateRelu(share, scale - f), f);
        }
    }

    /**
     * The same values at {@code target} fractional bits: more bits locally (shares times 2^k, exact), fewer by a
     * truncation (one round, within one least significant bit).
     */
    public SecretTensor atScale(int target) {
        if (target == scale) {
            return this;
        }
        if (target < 0 || target > 62) {
            throw new MpcArgumentException("a scale of " + target + " fractional bits: expected 0 to 62");
        }
        if (target > scale) {
            return new SecretTensor(backend, shape, ring().scale(share, 1L << (target - scale)), target);
        }
        return new SecretTensor(backend, shape, backend.truncate(share, scale - target), target);
    }

    /** |x| = 2 relu(x) - x where the ReLU is one protocol, else x - 2 x [x &lt; 0]: exact. */
    public SecretTensor abs() {
        return backend.reluInOneStep() ? relu().mul(2L).sub(this) : sub(mul(ltz()).mul(2L));
    }

    /** Elementwise maximum, exact; ties keep this: o + relu(this - o) where the ReLU is one protocol. */
    public SecretTensor max(SecretTensor o) {
        return backend.reluInOneStep() ? o.add(sub(o).relu()) : where(lt(o), o, this);
    }

    /** Elementwise minimum, exact; ties keep this: this - relu(this - o) where the ReLU is one protocol. */
    public SecretTensor min(SecretTensor o) {
        return backend.reluInOneStep() ? sub(sub(o).relu()) : where(o.lt(this), o, this);
    }

    /** min(max(x, lo), hi) for public lo &lt;= hi: both comparisons in one batch, one product. */
    public SecretTensor clamp(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new MpcArgumentException("clamp: lo " + lo + " is not <= hi " + hi);
        }
        requireFixedPoint("clamp");
        int n = shape.size();
        SecretTensor flat = reshape(Shape.vector(n));
        SecretTensor diffs = flat.add(-lo).concat(0, flat.add(-hi).neg()); // [x - lo | hi - x]
        long[] p = diffs.mul(diffs.ltz()).share;                            // [(x - lo)[x < lo] | (hi - x)[x > hi]]
        ShareRing r = ring();
        return with(r.add(share, r.sub(r.slice(p, n, 2 * n), r.slice(p, 0, n))));
    }

    /** Local gather: element i of the result is element {@code indices[i]} of this tensor (flat, row-major). */
    public SecretTensor take(int[] indices, Shape newShape) {
        if (indices.length != newShape.size()) {
            throw new MpcArgumentException("take: " + indices.length + " indices for shape " + newShape);
        }
        for (int j : indices) {
            if (j < 0 || j >= shape.size()) {
                throw new MpcArgumentException("take: index " + j + " out of range for shape " + shape);
            }
        }
        return new SecretTensor(backend, newShape, ring().gather(share, indices), scale);
    }

    /** Maximum along the last axis (log-depth tree of batched comparisons; ties keep the first). */
    public SecretTensor maxLastAxis() {
        return Reductions.maxAndArgmax(this, false)[0];
    }

    /** Index of the maximum along the last axis (scale 0), the first one on ties; exact on distinct values. */
    public SecretTensor argmax() {
        return Reductions.maxAndArgmax(this, true)[1];
    }

    /**
     * One-hot encoding of {@link #argmax()}: shape [..., K] of bits (the first maximum on ties), carried through the
     * comparison tournament (no zero test after it).
     */
    public SecretTensor argmaxOneHot() {
        return Reductions.maxOneHot(this);
    }

    /**
     * The logistic function, within 5e-5 everywhere and exactly 0 or 1 for |x| &gt;= 10 (see {@code Sigmoid}), of a
     * tensor at the fixed point's scale or above (a product not yet truncated: truncated on the way).
     */
    public SecretTensor sigmoid() {
        try (var s = backend.operation("sigmoid")) {
            return Sigmoid.apply(this);
        }
    }

    /**
     * {@link #sigmoid()} before its last truncation, where the backend evaluates splines in one step: at the spline's
     * scale (61 fractional bits), so that the product it feeds takes that truncation in its own round
     * ({@link #matmulWideTruncating}); elsewhere {@link #sigmoid()} itself. Values in [0, 1] either way.
     */
    public SecretTensor sigmoidWide() {
        try (var s = backend.operation("sigmoid")) {
            return Sigmoid.applyWide(this);
        }
    }

    /**
     * GELU(x) = x Phi(x) as relu(x) minus a bounded spline (see {@code GeluSpline}): within 5e-5 everywhere, exactly
     * relu(x) for |x| &gt;= 5; 3 rounds between two parties with function secret sharing.
     */
    public SecretTensor gelu() {
        try (var s = backend.operation("gelu")) {
            return GeluSpline.apply(this);
        }
    }

    /** e^x on [-16, 10] (0 below, e^10 above); see docs/accuracy.md for the measured error. */
    public SecretTensor exp() {
        return unary("exp", Approx::exp);
    }

    /** 1/x for x in [2^-10, 2^14) (about [0.001, 16384]). */
    public SecretTensor reciprocal() {
        return unary("reciprocal", Approx::reciprocal);
    }

    /** 1/sqrt(x) for x in [2^-10, 2^16). */
    public SecretTensor rsqrt() {
        return unary("rsqrt", Approx::rsqrt);
    }

    /** sqrt(x) for x in [2^-10, 2^16) (below 2^-10 is out of range). */
    public SecretTensor sqrt() {
        return unary("sqrt", Approx::sqrt);
    }

    /** Natural logarithm for x in [2^-10, 2^14). */
    public SecretTensor log() {
        return unary("log", Approx::log);
    }

    /**
     * Softmax along the last axis, stable: e^(x - max) / sum e^(x - max). Inputs whose differences from the
     * row's maximum are below -16 contribute 0.
     */
    public SecretTensor softmax() {
        requireFixedPoint("softmax");
        try (var s = backend.operation("softmax")) {
            Shifted sh = shiftedExp();
            int f = backend.fixedPoint().fracBits();
            long[] inv = Approx.reciprocal(backend, sh.sums(), f); // sum in [1, k]
            return with(backend.truncate(backend.bilinear(sh.exp(), ring().spread(inv, sh.k()), Bilinear.elementwise(shape.size())), f));
        }
    }

    /**
     * log(softmax(x)) along the last axis, stable: (x - max) - log(sum e^(x - max)); the sum lies in [1, k], inside
     * the logarithm's range, so no probability ever needs to be represented.
     */
    public SecretTensor logSoftmax() {
        requireFixedPoint("log_softmax");
        try (var s = backend.operation("log_softmax")) {
            Shifted sh = shiftedExp();
            long[] log = ring().spread(Approx.log(backend, sh.sums(), backend.fixedPoint().fracBits()), sh.k());
            return with(ring().sub(sh.shifted(), log));
        }
    }

    /** Rows along the last axis shifted by their maximum (x - max), their exponentials, and each row's sum of those. */
    private record Shifted(long[] shifted, long[] exp, long[] sums, int k) {
    }

    private Shifted shiftedExp() {
        int k = shape.dim(shape.rank() - 1);
        int rows = shape.size() / k;
        ShareRing r = ring();
        long[] z = r.sub(share, r.spread(maxLastAxis().share, k));
        long[] e = Approx.exp(backend, z, backend.fixedPoint().fracBits());
        return new Shifted(z, e, r.sumAxis(e, rows, k, 1), k);
    }

    private SecretTensor unary(String name, Kernel k) {
        requireFixedPoint(name);
        try (var s = backend.operation(name)) {
            return with(k.apply(backend, share, backend.fixedPoint().fracBits()));
        }
    }

    /** A function on raw shares at scale f. */
    @FunctionalInterface
    interface Kernel {
        long[] apply(Backend backend, long[] x, int f);
    }

    /** 2-D max pooling of [C, H, W] or [N, C, H, W]: square kernel, stride, padding that never wins. */
    public SecretTensor maxPool2d(int kernel, int stride, int padding) {
        return Reductions.maxPool2d(this, kernel, stride, padding);
    }

    // ---- linear, local ----

    public SecretTensor add(SecretTensor o) {
        check(o, "add");
        Shape.requireSame(shape, o.shape, "add");
        return with(ring().add(share, o.share));
    }

    public SecretTensor sub(SecretTensor o) {
        check(o, "sub");
        Shape.requireSame(shape, o.shape, "sub");
        return with(ring().sub(share, o.share));
    }

    public SecretTensor neg() {
        return with(ring().neg(share));
    }

    /** Adds a public real to every element. */
    public SecretTensor add(double c) {
        requireFixedPoint("add");
        long k = backend.fixedPoint().encode(c);
        long[] constant = new long[shape.size()];
        java.util.Arrays.fill(constant, k);
        return with(backend.addPublic(share, constant));
    }

    /** Adds a public tensor of the same shape. */
    public SecretTensor addPublic(double[] values) {
        if (values.length != shape.size()) {
            throw new MpcArgumentException("addPublic: " + values.length + " values for shape " + shape);
        }
        requireFixedPoint("addPublic");
        return with(backend.addPublic(share, backend.fixedPoint().encode(values)));
    }

    /** Multiplies by a public integer: exact, local, no truncation. */
    public SecretTensor mul(long k) {
        return with(ring().scale(share, k));
    }

    /** Multiplies by a public real: local product, then one truncation round. */
    public SecretTensor mul(double k) {
        long enc = backend.fixedPoint().encode(k);
        try (var s = backend.operation("mul_public")) {
            return rescale(ring().scale(share, enc), scale + backend.fixedPoint().fracBits());
        }
    }

    /**
     * Elementwise product with a public tensor of the same shape: a local product, then one truncation round (none for
     * a tensor of 0/1 values of scale 0, whose product keeps the constant's scale).
     */
    public SecretTensor mulPublic(double[] values) {
        if (values.length != shape.size()) {
            throw new MpcArgumentException("mulPublic: " + values.length + " values for shape " + shape);
        }
        long[] encoded = backend.fixedPoint().encode(values);
        try (var s = backend.operation("mul_public")) {
            return rescale(ring().mul(share, encoded), scale + backend.fixedPoint().fracBits());
        }
    }

    /** Elementwise product with public integers of the same shape: exact and local, the scale kept. */
    public SecretTensor mulIntegers(long[] k) {
        if (k.length != shape.size()) {
            throw new MpcArgumentException("mulIntegers: " + k.length + " values for shape " + shape);
        }
        return with(ring().mul(share, k));
    }

    /** 0/1 values of scale 0 (a comparison's) as fixed-point values of the session's scale: exact and local. */
    public SecretTensor toFixedPoint() {
        int f = backend.fixedPoint().fracBits();
        if (scale == f) {
            return this;
        }
        if (scale != 0) {
            throw new MpcArgumentException("toFixedPoint: expects scale 0 or " + f + ", got " + scale + " (shape " + shape + ")");
        }
        return new SecretTensor(backend, shape, ring().scale(share, 1L << f), f);
    }

    public SecretTensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new MpcArgumentException("reshape: " + shape + " to " + newShape + " changes the element count");
        }
        return new SecretTensor(backend, newShape, share, scale);
    }

    /** Transpose of a matrix. */
    public SecretTensor transpose() {
        return new SecretTensor(backend, Shape.matrix(shape.cols(), shape.rows()),
                ring().transpose(share, shape.rows(), shape.cols()), scale);
    }

    /**
     * Concatenation along {@code axis} with tensors of the same session, scale and other dimensions (local:
     * shares concatenate like values).
     */
    public SecretTensor concat(int axis, SecretTensor... others) {
        int[] dims = shape.dims();
        if (axis < 0 || axis >= dims.length) {
            throw new MpcArgumentException("concat: axis " + axis + " out of range for shape " + shape);
        }
        SecretTensor[] all = new SecretTensor[others.length + 1];
        all[0] = this;
        System.arraycopy(others, 0, all, 1, others.length);
        int total = 0;
        for (SecretTensor t : all) {
            check(t, "concat");
            int[] d = t.shape.dims();
            boolean same = d.length == dims.length;
            for (int i = 0; same && i < d.length; i++) {
                same = i == axis || d[i] == dims[i];
            }
            if (!same) {
                throw new MpcArgumentException("concat: shapes " + shape + " and " + t.shape + " differ off axis " + axis);
            }
            total += d[axis];
        }
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        int[] nd = dims.clone();
        nd[axis] = total;
        ShareRing r = ring();
        long[] out = r.zeros(Shape.of(nd).size());
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (SecretTensor t : all) {
                int len = t.shape.dim(axis) * inner;
                r.copy(t.share, o * len, out, pos, len);
                pos += len;
            }
        }
        return new SecretTensor(backend, Shape.of(nd), out, scale);
    }

    /** Sum of all elements, as a tensor of shape [1]. */
    public SecretTensor sum() {
        return new SecretTensor(backend, Shape.vector(1), ring().sumAxis(share, 1, shape.size(), 1), scale);
    }

    /** Sum over one axis (the axis is removed). */
    public SecretTensor sum(int axis) {
        int[] dims = shape.dims();
        if (axis < 0 || axis >= dims.length) {
            throw new MpcArgumentException("sum: axis " + axis + " out of range for shape " + shape);
        }
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        int len = dims[axis];
        long[] out = ring().sumAxis(share, outer, len, inner);
        int[] nd = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != axis) {
                nd[j++] = dims[i];
            }
        }
        return new SecretTensor(backend, Shape.of(nd), out, scale);
    }

    // ---- interactive ----

    /** Elementwise product: 1 Beaver round plus, for two fixed-point operands, 1 truncation round. */
    public SecretTensor mul(SecretTensor o) {
        check(o, "mul");
        Shape.requireSame(shape, o.shape, "mul");
        try (var s = backend.operation("mul")) {
            long[] z = backend.bilinear(share, o.share, Bilinear.elementwise(shape.size()));
            return rescale(z, scale + o.scale);
        }
    }

    /** Matrix product [m,k] x [k,n]: 1 Beaver round with a shaped matrix triple plus 1 truncation round. */
    public SecretTensor matmul(SecretTensor o) {
        checkChain(o);
        int m = shape.rows();
        int k = shape.cols();
        int n = o.shape.cols();
        try (var s = backend.operation("matmul")) {
            long[] z = backend.bilinear(share, o.share, Bilinear.matmul(m, k, n));
            return new SecretTensor(backend, Shape.matrix(m, n), truncateTo(z, scale + o.scale), targetScale(scale + o.scale));
        }
    }

    private void checkChain(SecretTensor o) {
        check(o, "matmul");
        if (!shape.isMatrix() || !o.shape.isMatrix() || shape.cols() != o.shape.rows()) {
            throw new MpcArgumentException("matmul: shapes " + shape + " and " + o.shape + " do not chain");
        }
    }

    /** {@link #matmul} left at the sum of the scales (no truncation round): for {@link #reluTruncated}. */
    public SecretTensor matmulWide(SecretTensor o) {
        checkChain(o);
        try (var s = backend.operation("matmul")) {
            long[] z = backend.bilinear(share, o.share, Bilinear.matmul(shape.rows(), shape.cols(), o.shape.cols()));
            return new SecretTensor(backend, Shape.matrix(shape.rows(), o.shape.cols()), z, scale + o.scale);
        }
    }

    /** A truncated tensor and a product by it ({@link #matmulWideTruncating}). */
    public record Truncated(SecretTensor value, SecretTensor product) {
    }

    /**
     * {@code right} truncated to {@code scale} and this times it left wide ({@link #matmulWide}): one round where the
     * backend fuses them ({@link Backend#truncateAndMatmul}: the truncation's opening carries this operand's), else
     * two. The same integers as {@code right.atScale(scale)} and {@code matmulWide} of it.
     */
    public Truncated matmulWideTruncating(SecretTensor right, int scale) {
        checkChain(right);
        if (scale < 0) {
            throw new MpcArgumentException("a scale of " + scale + " fractional bits: expected 0 to 62");
        }
        if (scale >= right.scale) {
            SecretTensor y = right.atScale(scale);
            return new Truncated(y, matmulWide(y));
        }
        int m = shape.rows();
        int k = shape.cols();
        int n = right.shape.cols();
        try (var s = backend.operation("matmul")) {
            long[][] out = backend.truncateAndMatmul(share, right.share, m, k, n, right.scale - scale);
            return new Truncated(new SecretTensor(backend, right.shape, out[0], scale),
                    new SecretTensor(backend, Shape.matrix(m, n), out[1], this.scale + scale));
        }
    }

    /**
     * Independent matrix products lefts[i] x rights[i], batched: 1 Beaver round for all of them and 1 truncation
     * round for all of them (k separate {@link #matmul} calls cost 2k rounds), the same words in all.
     */
    public static SecretTensor[] matmulAll(SecretTensor[] lefts, SecretTensor[] rights) {
        int k = lefts.length;
        if (k == 0 || rights.length != k) {
            throw new MpcArgumentException("matmulAll: " + k + " left and " + rights.length + " right operands");
        }
        Backend be = lefts[0].backend;
        long[][] xs = new long[k][];
        long[][] ys = new long[k][];
        Bilinear[] ops = new Bilinear[k];
        for (int i = 0; i < k; i++) {
            SecretTensor a = lefts[i];
            SecretTensor b = rights[i];
            lefts[0].check(a, "matmulAll");
            a.check(b, "matmulAll");
            if (!a.shape.isMatrix() || !b.shape.isMatrix() || a.shape.cols() != b.shape.rows()) {
                throw new MpcArgumentException("matmulAll: shapes " + a.shape + " and " + b.shape + " do not chain (product "
                        + i + ")");
            }
            xs[i] = a.share;
            ys[i] = b.share;
            ops[i] = Bilinear.matmul(a.shape.rows(), a.shape.cols(), b.shape.cols());
        }
        try (var s = be.operation("matmul")) {
            long[][] z = be.bilinearAll(xs, ys, ops);
            // one truncation for every product that needs one (the same excess bits: operands at the session's scale)
            SecretTensor[] out = new SecretTensor[k];
            java.util.Map<Integer, java.util.List<Integer>> byExcess = new java.util.TreeMap<>();
            for (int i = 0; i < k; i++) {
                int productScale = lefts[i].scale + rights[i].scale;
                int excess = productScale - lefts[i].targetScale(productScale);
                byExcess.computeIfAbsent(excess, e -> new java.util.ArrayList<>()).add(i);
            }
            for (var e : byExcess.entrySet()) {
                java.util.List<Integer> idx = e.getValue();
                long[][] parts = new long[idx.size()][];
                for (int j = 0; j < idx.size(); j++) {
                    parts[j] = z[idx.get(j)];
                }
                long[][] done = e.getKey() == 0 ? parts : split(be.truncate(be.ring().concat(parts), e.getKey()), parts);
                for (int j = 0; j < idx.size(); j++) {
                    int i = idx.get(j);
                    int productScale = lefts[i].scale + rights[i].scale;
                    out[i] = new SecretTensor(be, Shape.matrix(lefts[i].shape.rows(), rights[i].shape.cols()), done[j],
                            lefts[i].targetScale(productScale));
                }
            }
            return out;
        }
    }

    /** {@code whole} cut into pieces as long as {@code like}'s. */
    private static long[][] split(long[] whole, long[][] like) {
        long[][] out = new long[like.length][];
        int at = 0;
        for (int i = 0; i < like.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(whole, at, at + like[i].length);
            at += like[i].length;
        }
        return out;
    }

    /**
     * 2-D convolution of this {@code [N, C, H, W]} tensor with {@code weights} {@code [F, C, k, k]} (zero padding
     * {@code pad}, stride {@code stride}): {@code [N, F, OH, OW]}. One Beaver product with a convolution triple:
     * 1 round, {@code N·C·H·W + F·C·k²} words per party to each peer (the im2col expansion is formed locally from
     * the opened input), then one truncation.
     */
    public SecretTensor conv2d(SecretTensor weights, int stride, int pad) {
        Conv2d g = convGeometry(weights, stride, pad);
        try (var s = backend.operation("conv2d")) {
            long[] z = backend.bilinear(share, weights.share, Bilinear.conv(g));
            return new SecretTensor(backend, Shape.of(g.n(), g.f(), g.oh(), g.ow()), truncateTo(z, scale + weights.scale),
                    targetScale(scale + weights.scale));
        }
    }

    private Conv2d convGeometry(SecretTensor weights, int stride, int pad) {
        check(weights, "conv2d");
        int[] d = shape.dims();
        int[] wd = weights.shape.dims();
        if (d.length != 4 || wd.length != 4 || wd[1] != d[1] || wd[2] != wd[3]) {
            throw new MpcArgumentException("conv2d: input " + shape + " and weights " + weights.shape
                    + " are not [N, C, H, W] and [F, C, k, k]");
        }
        return new Conv2d(d[0], d[1], d[2], d[3], wd[0], wd[2], stride, pad);
    }

    /** {@link #conv2d} left at the sum of the scales (no truncation round): for {@link #reluTruncated}. */
    public SecretTensor conv2dWide(SecretTensor weights, int stride, int pad) {
        Conv2d g = convGeometry(weights, stride, pad);
        try (var s = backend.operation("conv2d")) {
            long[] z = backend.bilinear(share, weights.share, Bilinear.conv(g));
            return new SecretTensor(backend, Shape.of(g.n(), g.f(), g.oh(), g.ow()), z, scale + weights.scale);
        }
    }

    /**
     * Grouped 2-D convolution (depthwise when {@code groups} equals the channels): input {@code [N, C, H, W]}, weights
     * {@code [F, C/groups, k, k]}; group g convolves input channels g*C/groups.. with filters g*F/groups... All groups'
     * Beaver products are opened in one exchange and truncated together: 2 rounds whatever the number of groups.
     */
    public SecretTensor conv2dGrouped(SecretTensor weights, int stride, int pad, int groups) {
        if (groups == 1) {
            return conv2d(weights, stride, pad);
        }
        check(weights, "conv2d");
        int[] d = shape.dims();
        int[] wd = weights.shape.dims();
        if (d.length != 4 || wd.length != 4 || groups < 1 || d[1] % groups != 0 || wd[0] % groups != 0
                || wd[1] != d[1] / groups || wd[2] != wd[3]) {
            throw new MpcArgumentException("conv2d: input " + shape + ", weights " + weights.shape + " and " + groups
                    + " groups do not fit ([N, C, H, W], [F, C/groups, k, k], groups dividing C and F)");
        }
        int n = d[0];
        int cg = d[1] / groups;
        int fg = wd[0] / groups;
        int hw = d[2] * d[3];
        int wsize = fg * cg * wd[2] * wd[3];
        long[][] xs = new long[groups][];
        long[][] ws = new long[groups][];
        Bilinear[] ops = new Bilinear[groups];
        Conv2d geo = null;
        ShareRing r = ring();
        for (int g = 0; g < groups; g++) {
            long[] xg = r.zeros(n * cg * hw);
            for (int i = 0; i < n; i++) {
                r.copy(share, (i * d[1] + g * cg) * hw, xg, i * cg * hw, cg * hw);
            }
            xs[g] = xg;
            ws[g] = r.slice(weights.share, g * wsize, (g + 1) * wsize);
            geo = new Conv2d(n, cg, d[2], d[3], fg, wd[2], stride, pad);
            ops[g] = Bilinear.conv(geo);
        }
        try (var s = backend.operation("conv2d")) {
            long[][] z = backend.bilinearAll(xs, ws, ops);
            int per = fg * geo.oh() * geo.ow();
            long[] out = r.zeros(n * groups * per);
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < groups; g++) {
                    r.copy(z[g], i * per, out, (i * groups + g) * per, per);
                }
            }
            return new SecretTensor(backend, Shape.of(n, wd[0], geo.oh(), geo.ow()), truncateTo(out, scale + weights.scale),
                    targetScale(scale + weights.scale));
        }
    }

    /** Inner product of two tensors of equal shape (one truncation for the whole sum). */
    public SecretTensor dot(SecretTensor o) {
        check(o, "dot");
        Shape.requireSame(shape, o.shape, "dot");
        try (var s = backend.operation("dot")) {
            long[] z = backend.bilinear(share, o.share, Bilinear.matmul(1, shape.size(), 1));
            return new SecretTensor(backend, Shape.vector(1), truncateTo(z, scale + o.scale), targetScale(scale + o.scale));
        }
    }

    /** Opens to every party and decodes. */
    public double[] reveal() {
        try (var s = backend.operation("reveal")) {
            return decode(backend.open(share));
        }
    }

    /** Opens to {@code party} only; the decoded values there, {@code null} elsewhere. */
    public double[] revealTo(int party) {
        MpcArgumentException.checkParty(party, backend.parties(), "result party");
        try (var s = backend.operation("reveal")) {
            long[] v = backend.openTo(party, share);
            return v == null ? null : decode(v);
        }
    }

    /** Opens the raw ring values to every party. */
    public long[] revealRing() {
        try (var s = backend.operation("reveal")) {
            return backend.open(share);
        }
    }

    /** dims[from] * ... * dims[to - 1]. */
    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    private double[] decode(long[] v) {
        double[] out = new double[v.length];
        double unit = Math.scalb(1.0, -scale);
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * unit;
        }
        return out;
    }

    private SecretTensor rescale(long[] z, int productScale) {
        return new SecretTensor(backend, shape, truncateTo(z, productScale), targetScale(productScale));
    }

    private int targetScale(int productScale) {
        return Math.min(productScale, backend.fixedPoint().fracBits());
    }

    private long[] truncateTo(long[] z, int productScale) {
        int excess = productScale - targetScale(productScale);
        return excess == 0 ? z : backend.truncate(z, excess);
    }

    private ShareRing ring() {
        return backend.ring();
    }

    private SecretTensor with(long[] data) {
        return new SecretTensor(backend, shape, data, scale);
    }

    void requireFixedPoint(String op) {
        if (scale != backend.fixedPoint().fracBits()) {
            throw new MpcArgumentException(op + ": expects a fixed-point tensor of scale " + backend.fixedPoint().fracBits()
                    + ", got scale " + scale + " (shape " + shape + ")");
        }
    }

    private void check(SecretTensor o, String op) {
        if (o.backend != backend) {
            throw new MpcArgumentException(op + ": operands " + shape + " and " + o.shape
                    + " belong to different sessions or parties");
        }
        if (o.scale != scale && !op.equals("mul") && !op.equals("matmul") && !op.equals("dot")) {
            throw new MpcArgumentException(op + ": fixed-point mismatch, left " + shape + " has " + scale
                    + " fractional bits, right " + o.shape + " has " + o.scale);
        }
    }

    @Override
    public String toString() {
        return "SecretTensor[shape=" + shape + ", scale=" + scale + ", party=" + backend.party() + "]";
    }
}
