package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.protocols.Pipeline;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.protocols.net.RevealListener;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.fixed.FixedPoint;

/**
 * Malicious mode behind the same {@link Backend} as semi-honest mode: every share is authenticated ({@link AuthRing}'s
 * layout, four words per element), products, truncations and comparisons are the authenticated kernels of this
 * package, and {@link #open}/{@link #openTo} reveal a result only after every value opened so far, and the result
 * itself, passed a MAC check ({@link AuthOutput}); a failed check throws {@link CheckFailedException} naming the
 * operation in which it ran. So {@link org.consortia.mpc.protocols.SecretTensor} programs (matrix products,
 * convolutions, ReLU, max pooling, sigmoid, the approximations, the regressions built on them) run unchanged.
 *
 * <p>Not available in this mode (refused in one line): the XOR-shared bit operations ({@link #toBits},
 * {@link #openBits}: record linkage, sorting). A convolution opens its input once, as semi-honest mode does, by an
 * authenticated convolution triple ({@link AuthBeaver#conv}).
 */
public final class AuthBackend implements Backend {
    /**
     * Elements compared in one batch at most: bounds the comparison masks held at once (242 authenticated entries, 7.6
     * KiB, each: 121 MiB for a batch).
     */
    static final int COMPARE_CHUNK = 1 << 14;

    private final AuthParty party;
    private final FixedPoint fixedPoint;
    private final RevealListener reveals;
    private String phase = "compute";
    /**
     * This session's inputs by their share arrays (weak keys, which arrays compare by identity): a product whose right
     * operand is one of them, unchanged, takes a triple on its mask ({@link AuthBeaver#matmulByInput}).
     */
    private final java.util.WeakHashMap<long[], Origin> inputs = new java.util.WeakHashMap<>();

    /** An input's mask item and its announced d = x - r. */
    private record Origin(long maskItem, long[] d) {
        @Override
        public String toString() {
            return "Origin[mask item " + maskItem + ", " + d.length + " elements]";
        }
    }

    public AuthBackend(AuthParty party, FixedPoint fixedPoint) {
        this(party, fixedPoint, RevealListener.NONE);
    }

    /** A backend that tells {@code reveals} of every opening before it happens. */
    public AuthBackend(AuthParty party, FixedPoint fixedPoint, RevealListener reveals) {
        this.party = party;
        this.fixedPoint = fixedPoint;
        this.reveals = reveals;
    }

    /** This party's authenticated session (its checks so far). */
    public AuthParty session() {
        return party;
    }

    @Override
    public int party() {
        return party.self();
    }

    @Override
    public int parties() {
        return party.parties();
    }

    @Override
    public boolean authenticated() {
        return true;
    }

    /** The demand's dry run: openings are zeros there, so a program must not act on what it reveals. */
    @Override
    public boolean dryRun() {
        return party.dry();
    }

    @Override
    public FixedPoint fixedPoint() {
        return fixedPoint;
    }

    @Override
    public ShareRing ring() {
        return AuthRing.INSTANCE;
    }

    @Override
    public long[] inputShare(int owner, long[] valuesAtOwner, int len) {
        if (party.dry() && party.self() == owner) { // the dry run reads nothing: its owner inputs zeros, as semi-honest
            valuesAtOwner = new long[len];
        }
        AuthInput.Announced in = AuthInput.inputAnnounced(party, owner, valuesAtOwner, len);
        inputs.put(in.packed(), new Origin(in.maskItem(), in.d())); // the value must not hold its key: weak keys
        return in.packed();
    }

    @Override
    public long[] publicShare(long[] constant) {
        int n = constant.length;
        return addPublic(new long[4 * n], constant);
    }

    @Override
    public long[] addPublic(long[] share, long[] constant) {
        AuthShare a = AuthRing.unpack(share);
        if (a.size() != constant.length) {
            throw new MpcArgumentException("addPublic: " + constant.length + " constants for " + a.size() + " elements");
        }
        return AuthRing.pack(a.addPublic(Z128.fromSigned(constant), party.self(), party.key()));
    }

    @Override
    public long[] bilinear(long[] x, long[] y, Bilinear op) {
        if (op.triple() instanceof Request.Triple) { // on the packed layout, in chunks two in flight past Cost.CHUNK
            if (x.length != y.length || x.length % 4 != 0) {
                throw new MpcArgumentException("authenticated product: operands of " + x.length / 4 + " and "
                        + y.length / 4 + " elements");
            }
            int n = x.length / 4;
            Origin left = inputs.get(x);
            Origin right = inputs.get(y);
            if (left != null && right != null) { // a product of two inputs: local
                return AuthBeaver.productOfInputs(party, x, left.maskItem(), left.d(), y, right.maskItem(), right.d());
            }
            if (left != null || right != null) { // by an input (x y = y x): its announcement is f, only the other's e travels
                Origin in = right != null ? right : left;
                long[] w = right != null ? y : x;
                long[] v = right != null ? x : y;
                return Pipeline.run(n, 4, (from, to) -> AuthBeaver.startByInput(party, v, in.maskItem(), from, to),
                        s -> AuthBeaver.finishByInput(party, s, w, in.d()), () -> party.nearCheck(2L * Cost.CHUNK)); // 2 chunks of e
            }
            return Pipeline.run(n, 4, (from, to) -> AuthBeaver.startPacked(party, x, y, from, to),
                    s -> AuthBeaver.finishPacked(party, s), () -> party.nearCheck(4L * Cost.CHUNK)); // 2 chunks of e, f
        }
        AuthShare a = AuthRing.unpack(x);
        AuthShare b = AuthRing.unpack(y);
        Origin in = inputs.get(y);
        if (in != null) { // a product by an input: its announcement is the product's f
            int back = Math.toIntExact(party.taken() - in.maskItem());
            switch (op.triple()) {
                case Request.MatrixTriple t -> {
                    return AuthRing.pack(AuthBeaver.matmulByInput(party, a, b, in.d(), t.m(), t.k(), t.n(), back));
                }
                case Request.ConvTriple t -> {
                    return AuthRing.pack(AuthBeaver.convByInput(party, a, b, in.d(), t.conv(), back));
                }
                default -> { }
            }
        }
        return switch (op.triple()) {
            case Request.MatrixTriple t -> AuthRing.pack(AuthBeaver.matmul(party, a, b, t.m(), t.k(), t.n()));
            case Request.ConvTriple t -> AuthRing.pack(AuthBeaver.conv(party, a, b, t.conv()));
            default -> throw new MpcArgumentException("malicious mode has no authenticated form of " + op.triple());
        };
    }

    @Override
    public long[] truncate(long[] x, int bits) {
        if (x.length % 4 != 0) {
            throw new MpcArgumentException("truncation: " + x.length + " words are not whole authenticated elements");
        }
        int n = x.length / 4;
        return Pipeline.run(n, 4, (from, to) -> AuthTruncation.startPacked(party, x, from, to, bits),
                s -> AuthTruncation.finishPacked(party, s), () -> party.nearCheck(2L * Cost.CHUNK)); // 2 chunks of c
    }

    @Override
    public long[] lessThanZero(long[] x) {
        if (fss()) {
            return AuthRing.pack(AuthFssSign.ltz(party, AuthRing.unpack(x)));
        }
        return inChunks(x, COMPARE_CHUNK, part -> AuthRing.pack(AuthCompare.ltz(party, AuthRing.unpack(part))));
    }

    /** {@code kernel} on at most {@code chunk} elements of x at a time, the results in x's order. */
    private long[] inChunks(long[] x, int chunk, java.util.function.UnaryOperator<long[]> kernel) {
        ShareRing r = ring();
        int n = r.size(x);
        if (n <= chunk) {
            return kernel.apply(x);
        }
        long[] out = r.zeros(n);
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            r.copy(kernel.apply(r.slice(x, from, to)), 0, out, from, to - from);
        }
        return out;
    }

    /** Comparisons by the dealer's authenticated keys (2 parties, {@link Comparisons#FSS}). */
    private boolean fss() {
        return party.comparisons() == Comparisons.FSS;
    }

    @Override
    public boolean reluInOneStep() {
        return fss();
    }

    /** With FSS comparisons, splines by the dealer's keys ({@link AuthFssSpline}): the sigmoid's and GELU's. */
    @Override
    public boolean splineInOneStep() {
        return fss();
    }

    /**
     * With FSS comparisons, {@link AuthFssSpline} on {@link #SPLINE_CHUNK_WORDS} words of masks at a time (they carry a
     * bit and its products by the mask's powers per break: 411 words an element for the sigmoid); else, or past
     * {@link AuthRequest.SplineMask}'s 64 breaks, signs and products.
     */
    @Override
    public long[] spline(long[] x, Spline spline) {
        int breaks = spline.breaks().length;
        if (!fss() || breaks > AuthRequest.SplineMask.MAX_POINTS) {
            return Backend.super.spline(x, spline);
        }
        int d = spline.degree();
        long perElement = 4L * (d + breaks + (long) breaks * d) + 3L * breaks;
        int chunk = (int) Math.max(1, SPLINE_CHUNK_WORDS / perElement / AuthFssCompare.KEY_CHUNK)
                * AuthFssCompare.KEY_CHUNK; // whole key items
        return inChunks(x, chunk, part -> AuthRing.pack(AuthFssSpline.evaluate(party, AuthRing.unpack(part), spline)));
    }

    /** Words of a spline's masks per call at most: 2^22, 32 MiB (a key chunk's at least). */
    static final long SPLINE_CHUNK_WORDS = 1L << 22;

    /** With FSS comparisons, a ReLU in two rounds ({@link AuthFssSign#relu}); else the sign times x. */
    @Override
    public long[] relu(long[] x) {
        return fss() ? AuthRing.pack(AuthFssSign.relu(party, AuthRing.unpack(x))) : Backend.super.relu(x);
    }

    /** [x == 0] = (1 - [x &lt; 0]) (1 - [-x &lt; 0]): both signs in one batch and one product; exact. */
    @Override
    public long[] equalsZero(long[] x) {
        ShareRing r = ring();
        int n = r.size(x);
        long[] s = lessThanZero(r.concat(x, r.neg(x)));
        long[] one = new long[n];
        java.util.Arrays.fill(one, 1L);
        long[] a = addPublic(r.neg(r.slice(s, 0, n)), one);
        long[] b = addPublic(r.neg(r.slice(s, n, 2 * n)), one);
        return bilinear(a, b, Bilinear.elementwise(n));
    }

    @Override
    public long[] toBits(long[] x) {
        throw notAvailable("XOR-shared bits (record linkage, sorting)");
    }

    @Override
    public long[] openBits(long[] bits) {
        throw notAvailable("XOR-shared bits (record linkage, sorting)");
    }

    @Override
    public long[] open(long[] x) {
        int n = ring().size(x);
        reveals.revealing(RevealListener.ALL, n);
        return AuthOutput.reveal(party, AuthRing.unpack(x), phase);
    }

    @Override
    public long[] openTo(int receiver, long[] x) {
        int n = ring().size(x);
        reveals.revealing(receiver, n);
        return AuthOutput.revealTo(party, receiver, AuthRing.unpack(x), phase);
    }

    @Override
    public PartyChannel.Scope operation(String name) {
        PartyChannel.Scope inner = party.channel().operation(name);
        String outer = phase;
        phase = name;
        return () -> {
            phase = outer;
            inner.close();
        };
    }

    @Override
    public void send(int peer, long[] words) {
        party.channel().send(peer, words);
    }

    @Override
    public long[] receive(int peer, int words) {
        return party.channel().receive(peer, words);
    }

    private static MpcArgumentException notAvailable(String what) {
        return new MpcArgumentException(what + " is not available in malicious mode yet: run the job semi-honest");
    }

    @Override
    public String toString() {
        return "AuthBackend[" + party + ", " + fixedPoint + "]";
    }
}
