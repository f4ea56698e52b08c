package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.Cost;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;
import org.consortia.mpc.sharing.auth.Z128Conv;
import org.consortia.mpc.sharing.ring.Conv2d;

/**
 * Beaver's products on authenticated shares with authenticated triples: e = open(x - a) and f = open(y - b) in one
 * exchange (both kept for the MAC check), then
 * <pre>
 *   z     = c + e b + a f (+ e f at party 0)
 *   MAC z = MAC c + e MAC b + MAC a f + alpha_i e f
 * </pre>
 * for elementwise products and matrix products alike (the matrix form groups them as E (B + F) + A F and
 * E (MAC B + alpha_i F) + MAC A F: two 128-bit matrix products for the values, two for the MACs). Cost: 1 round, 2
 * words per element of x and y to each peer. A product by an input as it was given opens only the other factor
 * ({@link #matmulByInput}, {@link #convByInput}, {@link #startByInput}), a product of two inputs nothing
 * ({@link #productOfInputs}).
 */
public final class AuthBeaver {
    private AuthBeaver() {
    }

    /** Elementwise x * y (no truncation): the packed product's two halves on this share's values and MACs. */
    public static AuthShare multiply(AuthParty party, AuthShare x, AuthShare y) {
        int n = x.size();
        if (y.size() != n) {
            throw new MpcArgumentException("authenticated product: operands of " + n + " and " + y.size() + " elements");
        }
        return AuthRing.unpack(finishPacked(party, startPacked(party, AuthRing.pack(x), AuthRing.pack(y), 0, n)));
    }

    /**
     * The products x_j y_j (j &lt; m) and x_j y_(m + j) (j &lt; u) of x ({@code m} elements) and y ({@code m + u}, u &lt;= m):
     * where two products have a common left operand (a prefix circuit's g_hi + e_hi g_lo and e_hi e_lo), a
     * {@link AuthRequest.SharedTriple} opens x - a once, so each such pair opens 3 values instead of 4. 1 round, 2 words
     * per element of x and of y to each peer.
     */
    public static AuthShare multiplyShared(AuthParty party, AuthShare x, AuthShare y) {
        int m = x.size();
        int u = y.size() - m;
        if (u < 0 || u > m) {
            throw new MpcArgumentException("shared products: " + m + " left and " + y.size() + " right operands");
        }
        if (u == 0) {
            return multiply(party, x, y);
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.SharedTriple(m, u), AuthMaterial.Triple.class);
        long[][] ef = openMasked(party, x, y, t);
        if (party.dry()) { // demand discovery: the material is zeros and the result's values never count
            return new AuthShare(Z128.zeros(m + u), Z128.zeros(m + u));
        }
        long[] e = Z128.repeatPrefix(ef[0], u); // e_j for each product, as the triple's c pairs a_j with b
        long[] f = ef[1];
        long[] ef2 = Z128.mul(e, f);
        long[] value = t.c().value().clone(); // c + e b + a f (+ e f at party 0)
        Z128.mulAddInto(value, e, t.b().value());
        Z128.mulAddInto(value, Z128.repeatPrefix(t.a().value(), u), f);
        if (party.self() == 0) {
            Z128.addInto(value, ef2);
        }
        long[] mac = t.c().mac().clone(); // MAC c + e MAC b + MAC a f + alpha_i e f
        Z128.mulAddInto(mac, e, t.b().mac());
        Z128.mulAddInto(mac, Z128.repeatPrefix(t.a().mac(), u), f);
        Z128.addInto(mac, Z128.scale(ef2, party.key().lo(), party.key().hi()));
        return AuthRing.unpack(party.tamper().apply(Tamper.Point.PRODUCT, -1, AuthRing.pack(new AuthShare(value, mac))));
    }

    /** An elementwise product of packed operands in flight: its triple and what this party sent and keeps. */
    record Started(AuthMaterial.Triple triple, long[] sent, long[] macs) {
        @Override
        public String toString() {
            return "Started[" + triple.request() + "]";
        }
    }

    /**
     * The first half of x * y on elements [from, to) of {@link AuthRing}'s packed layout (four words per element):
     * takes the triple and sends this party's shares of x - a and y - b, made in one pass over both operands; {@link #finishPacked} completes it.
     * Between the two, the next chunk of a pipelined product may start ({@link org.consortia.mpc.protocols.Pipeline}).
     */
    static Started startPacked(AuthParty party, long[] x, long[] y, int from, int to) {
        int n = to - from;
        if (y.length != x.length || x.length % 4 != 0 || from < 0 || from > to || 4L * to > x.length) {
            throw new MpcArgumentException("authenticated product: elements " + from + ".." + to + " of operands of "
                    + x.length / 4 + " and " + y.length / 4 + " elements");
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.Triple(n), AuthMaterial.Triple.class);
        long[] values = new long[4 * n];
        long[] macs = new long[4 * n];
        if (!party.dry()) { // demand discovery opens zeros: nothing to mask
            maskPacked(x, 4 * from, t.a(), values, macs, 0);
            maskPacked(y, 4 * from, t.b(), values, macs, 2 * n);
        }
        return new Started(t, AuthOpen.send(party, values, Tamper.Point.OPENING), macs);
    }

    /** Shares of x - a into values and MACs at {@code at} (Z_2^128 words): x packed from word {@code xAt}, a as value and MAC arrays. */
    private static void maskPacked(long[] x, int xAt, AuthShare a, long[] values, long[] macs, int at) {
        long[] av = a.value();
        long[] am = a.mac();
        for (int j = 0, i = xAt; j < av.length; j += 2, i += 4) {
            long v = x[i];
            values[at + j] = v - av[j];
            values[at + j + 1] = x[i + 1] - av[j + 1] - (Long.compareUnsigned(v, av[j]) < 0 ? 1 : 0);
            long m = x[i + 2];
            macs[at + j] = m - am[j];
            macs[at + j + 1] = x[i + 3] - am[j + 1] - (Long.compareUnsigned(m, am[j]) < 0 ? 1 : 0);
        }
    }

    /**
     * The second half: receives the peers' shares of e = x - a and f = y - b and returns this party's packed shares of
     * x * y, value c + e b + a f (+ e f at party 0) and MAC c' + e b' + a' f + alpha_i e f, in one pass.
     */
    static long[] finishPacked(AuthParty party, Started s) {
        long[] ef = AuthOpen.receive(party, s.sent(), s.macs());
        if (party.dry()) { // demand discovery: the material is zeros and the result's values never count
            return new long[ef.length]; // e and f: 4 words per element, as the packed result
        }
        AuthMaterial.Triple t = s.triple();
        // the value's operands (s = 1 at party 0) at half 0, the MAC's (s = the key share) at half 1
        long[][] as = {t.a().value(), t.a().mac()};
        long[][] bs = {t.b().value(), t.b().mac()};
        long[][] cs = {t.c().value(), t.c().mac()};
        long[] sLo = {party.self() == 0 ? 1 : 0, party.key().lo()};
        long[] sHi = {0, party.key().hi()};
        int len = cs[0].length;
        long[] out = new long[2 * len];
        for (int j = 0, i = 0; j < len; j += 2, i += 4) {
            long el = ef[j];
            long eh = ef[j + 1];
            long fl = ef[len + j];
            long fh = ef[len + j + 1];
            long rl = el * fl; // e f
            long rh = Math.unsignedMultiplyHigh(el, fl) + el * fh + eh * fl;
            for (int h = 0; h < 2; h++) { // c + e b + a f + s e f
                long[] a = as[h];
                long[] b = bs[h];
                sumOfProducts(out, i + 2 * h, cs[h][j], cs[h][j + 1], el, eh, b[j], b[j + 1], a[j], a[j + 1], fl, fh,
                        sLo[h], sHi[h], rl, rh);
            }
        }
        return party.tamper().apply(Tamper.Point.PRODUCT, -1, out);
    }

    /** An elementwise product by an input in flight: its triple, what this party sent and keeps, its first element. */
    record InputStarted(AuthMaterial.Triple triple, long[] sent, long[] macs, int from) {
        @Override
        public String toString() {
            return "InputStarted[" + triple.request() + "]";
        }
    }

    /**
     * The first half of x * w on elements [from, to) of {@link AuthRing}'s packed layout, for w an input whose mask is
     * item {@code maskItem}: takes an {@link AuthRequest.InputTriple} whose B is the mask's elements [from, to), so
     * that f = w - B is the announced d, and sends only this party's shares of x - a (2 words per element to each
     * peer instead of 4); {@link #finishByInput} completes it.
     */
    static InputStarted startByInput(AuthParty party, long[] x, long maskItem, int from, int to) {
        int n = to - from;
        if (x.length % 4 != 0 || from < 0 || from > to || 4L * to > x.length) {
            throw new MpcArgumentException("authenticated product by an input: elements " + from + ".." + to
                    + " of an operand of " + x.length / 4 + " elements");
        }
        int back = Math.toIntExact(party.taken() - maskItem);
        AuthMaterial.Triple t = party.take(new AuthRequest.InputTriple(new AuthRequest.Triple(n), back, from),
                AuthMaterial.Triple.class);
        long[] values = new long[2 * n];
        long[] macs = new long[2 * n];
        if (!party.dry()) { // demand discovery opens zeros: nothing to mask
            maskPacked(x, 4 * from, t.a(), values, macs, 0);
        }
        return new InputStarted(t, AuthOpen.send(party, values, Tamper.Point.OPENING), macs, from);
    }

    /**
     * The second half: receives the peers' shares of e = x - a and returns this party's packed shares of x * w for the
     * chunk, value c + e w + a d and MAC c' + e w' + a' d (w, w' the input's packed shares, d its announcement; c =
     * a r and w = r + d, so c + e w + a d = x w), in one pass.
     */
    static long[] finishByInput(AuthParty party, InputStarted s, long[] w, long[] d) {
        long[] e = AuthOpen.receive(party, s.sent(), s.macs());
        if (party.dry()) { // demand discovery: the material is zeros and the result's values never count
            return new long[2 * e.length];
        }
        AuthMaterial.Triple t = s.triple();
        long[][] as = {t.a().value(), t.a().mac()};
        long[][] cs = {t.c().value(), t.c().mac()};
        int len = cs[0].length;
        long[] out = new long[2 * len];
        for (int j = 0, i = 0, k = s.from(); j < len; j += 2, i += 4, k++) {
            long el = e[j];
            long eh = e[j + 1];
            long dk = d[k]; // an unsigned word: its high word is 0
            for (int h = 0; h < 2; h++) { // c + e w + a d, on the values (h = 0) and the MACs (h = 1)
                long[] a = as[h];
                sumOfProducts(out, i + 2 * h, cs[h][j], cs[h][j + 1], el, eh, w[4 * k + 2 * h], w[4 * k + 2 * h + 1],
                        a[j], a[j + 1], dk, 0, 0, 0, 0, 0);
            }
        }
        return party.tamper().apply(Tamper.Point.PRODUCT, -1, out);
    }

    /**
     * x * w, elementwise, for two inputs as they were given (packed shares x = [r] + d and w = [r'] + d', d and d' their
     * announcements, r and r' the masks of items {@code xItem} and {@code wItem}): with c = r r' from an
     * {@link AuthRequest.InputPair} per chunk of {@link Cost#CHUNK},
     * <pre>
     *   z     = c + d' x + d w - d d'                      (d d' at party 0)
     *   MAC z = MAC c + d' MAC x + d MAC w - alpha_i d d'
     * </pre>
     * (c + d' (r + d) + d (r' + d') - d d' = (r + d)(r' + d')): local, nothing opened. An owner that announced different
     * d to different parties leaves MACs that match no value, caught where anything made from the product is opened.
     */
    static long[] productOfInputs(AuthParty party, long[] x, long xItem, long[] dx, long[] w, long wItem, long[] dw) {
        if (x.length != w.length || x.length % 4 != 0 || dx.length != x.length / 4 || dw.length != dx.length) {
            throw new MpcArgumentException("authenticated product of inputs: operands of " + x.length / 4 + " and "
                    + w.length / 4 + " elements");
        }
        int n = x.length / 4;
        long[] out = new long[4 * n];
        long[] sLo = {party.self() == 0 ? 1 : 0, party.key().lo()}; // the constant's factor: values, MACs
        long[] sHi = {0, party.key().hi()};
        for (int from = 0; from < n; from += Cost.CHUNK) {
            int to = Math.min(n, from + Cost.CHUNK);
            long taken = party.taken();
            AuthMaterial.Triple t = party.take(new AuthRequest.InputPair(to - from, Math.toIntExact(taken - xItem), from,
                    Math.toIntExact(taken - wItem), from), AuthMaterial.Triple.class);
            if (party.dry()) { // demand discovery: the result's values never count
                continue;
            }
            long[][] cs = {t.c().value(), t.c().mac()};
            for (int k = from, j = 0, i = 4 * from; k < to; k++, j += 2, i += 4) {
                long a = dx[k]; // unsigned words: their high words are 0
                long b = dw[k];
                long nl = -(a * b); // -d d' in Z_2^128
                long nh = ~Math.unsignedMultiplyHigh(a, b) + (nl == 0 ? 1 : 0);
                for (int h = 0; h < 2; h++) { // c + d' x + d w - s d d', on the values and the MACs
                    sumOfProducts(out, i + 2 * h, cs[h][j], cs[h][j + 1], x[4 * k + 2 * h], x[4 * k + 2 * h + 1], b, 0,
                            w[4 * k + 2 * h], w[4 * k + 2 * h + 1], a, 0, sLo[h], sHi[h], nl, nh);
                }
            }
            if (party.tamper() != Tamper.NONE) { // a fault injector's turn at the chunk, as at any product's
                long[] part = party.tamper().apply(Tamper.Point.PRODUCT, -1, java.util.Arrays.copyOfRange(out, 4 * from, 4 * to));
                System.arraycopy(part, 0, out, 4 * from, part.length);
            }
        }
        return out;
    }

    /**
     * {@code out[at], out[at + 1]} = c + x y + u v + s t in Z_2^128, every operand a (low, high) pair (a 64-bit operand's
     * high word 0): the multiply-add each product kernel here makes per element for the value and for the MAC.
     */
    private static void sumOfProducts(long[] out, int at, long cLo, long cHi, long xLo, long xHi, long yLo, long yHi,
            long uLo, long uHi, long vLo, long vHi, long sLo, long sHi, long tLo, long tHi) {
        long p = xLo * yLo;
        long lo = cLo + p;
        long hi = cHi + Math.unsignedMultiplyHigh(xLo, yLo) + xLo * yHi + xHi * yLo + (Long.compareUnsigned(lo, p) < 0 ? 1 : 0);
        p = uLo * vLo;
        long sum = lo + p;
        hi += Math.unsignedMultiplyHigh(uLo, vLo) + uLo * vHi + uHi * vLo + (Long.compareUnsigned(sum, p) < 0 ? 1 : 0);
        p = sLo * tLo;
        lo = sum + p;
        out[at] = lo;
        out[at + 1] = hi + Math.unsignedMultiplyHigh(sLo, tLo) + sLo * tHi + sHi * tLo + (Long.compareUnsigned(lo, p) < 0 ? 1 : 0);
    }

    /** (x - a) then (y - b), in one array of Z_2^128 elements: what a product opens, made in one pass. */
    static long[] maskedPair(long[] x, long[] a, long[] y, long[] b) {
        int lx = x.length;
        long[] out = new long[lx + y.length];
        for (int j = 0; j < lx; j += 2) {
            out[j] = x[j] - a[j];
            out[j + 1] = x[j + 1] - a[j + 1] - (Long.compareUnsigned(x[j], a[j]) < 0 ? 1 : 0);
        }
        for (int j = 0; j < y.length; j += 2) {
            out[lx + j] = y[j] - b[j];
            out[lx + j + 1] = y[j + 1] - b[j + 1] - (Long.compareUnsigned(y[j], b[j]) < 0 ? 1 : 0);
        }
        return out;
    }

    /** X·Y for X {@code m x k} and Y {@code k x n} (row-major, no truncation). */
    public static AuthShare matmul(AuthParty party, AuthShare x, AuthShare y, int m, int k, int n) {
        if (x.size() != (long) m * k || y.size() != (long) k * n) {
            throw new MpcArgumentException("authenticated matrix product: " + x.size() + " and " + y.size()
                    + " elements for " + m + "x" + k + " times " + k + "x" + n);
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.MatrixTriple(m, k, n), AuthMaterial.Triple.class);
        long[][] ef = openMasked(party, x, y, t);
        return matmulCombined(party, t, ef[0], shifted(party, t.b(), ef[1]), ef[1], m, k, n);
    }

    /**
     * The convolution of x (the input, {@link Conv2d#inputSize()} elements) with w (the weights), by an authenticated
     * convolution triple: e = open(x - a) is the input's size, not its im2col columns', and with f = open(w - b)
     * <pre>
     *   z     = c + (b + f at party 0) cols(e) + f cols(a)                 (weights times columns, then the output layout)
     *   MAC z = MAC c + (MAC b + alpha_i f) cols(e) + f cols(MAC a)
     * </pre>
     * Four 128-bit matrix products, as {@link #matmul}; 2 words per input and weight element to each peer.
     */
    public static AuthShare conv(AuthParty party, AuthShare x, AuthShare w, Conv2d g) {
        if (x.size() != g.inputSize() || w.size() != g.weightSize()) {
            throw new MpcArgumentException("authenticated convolution: " + x.size() + " input and " + w.size()
                    + " weight elements for " + g);
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.ConvTriple(g), AuthMaterial.Triple.class);
        long[][] ef = openMasked(party, x, w, t);
        return convCombined(party, t, ef[0], shifted(party, t.b(), ef[1]), ef[1], g);
    }

    /**
     * X·W for an input W ({@link AuthInput.Announced}: [W] = [r] + d with d public) by a triple whose B is W's mask r
     * ({@link AuthRequest.InputTriple}, {@code back} items after the mask): f = W - B = d is known, so only
     * e = open(X - A) travels, and
     * <pre>
     *   z = c + e [W] + a d,   MAC z = MAC c + e MAC[W] + MAC a d
     * </pre>
     * (c + e (b + d) + a d = A r + e W + A d = X W). An owner that announced different d to different parties leaves
     * MACs that match no value: the check of anything opened from the product catches it, as for any use of the input.
     */
    public static AuthShare matmulByInput(AuthParty party, AuthShare x, AuthShare w, long[] d, int m, int k, int n,
            int back) {
        if (x.size() != (long) m * k || w.size() != (long) k * n || d.length != k * n) {
            throw new MpcArgumentException("authenticated matrix product by an input: " + x.size() + " and " + w.size()
                    + " elements for " + m + "x" + k + " times " + k + "x" + n);
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.InputTriple(new AuthRequest.MatrixTriple(m, k, n), back),
                AuthMaterial.Triple.class);
        return matmulCombined(party, t, openLeft(party, x, t), w, Z128.fromUnsigned(d), m, k, n);
    }

    /** The convolution of x by input weights w, as {@link #matmulByInput}: only the input's e = open(x - a) travels. */
    public static AuthShare convByInput(AuthParty party, AuthShare x, AuthShare w, long[] d, Conv2d g, int back) {
        if (x.size() != g.inputSize() || w.size() != g.weightSize() || d.length != g.weightSize()) {
            throw new MpcArgumentException("authenticated convolution by an input: " + x.size() + " input and "
                    + w.size() + " weight elements for " + g);
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.InputTriple(new AuthRequest.ConvTriple(g), back),
                AuthMaterial.Triple.class);
        return convCombined(party, t, openLeft(party, x, t), w, Z128.fromUnsigned(d), g);
    }

    /**
     * The triple's B shifted by the opened f = Y - B: b + f at party 0, MAC b + alpha_i f everywhere, i.e. shares of
     * the right factor Y itself (what an input's own [W] already is).
     */
    private static AuthShare shifted(AuthParty party, AuthShare b, long[] f) {
        return new AuthShare(party.self() == 0 ? Z128.add(b.value(), f) : b.value(),
                Z128.add(b.mac(), party.key().times(f)));
    }

    /** z = c + e Y + a f and MAC z = MAC c + e MAC Y + MAC a f, for [Y] the right factor's shares (see {@link #shifted}). */
    private static AuthShare matmulCombined(AuthParty party, AuthMaterial.Triple t, long[] e, AuthShare y, long[] f,
            int m, int k, int n) {
        if (party.dry()) { // demand discovery: the material is zeros and the result's values never count
            return new AuthShare(Z128.zeros(m * n), Z128.zeros(m * n));
        }
        long[] value = t.c().value().clone();
        Z128.matmulAddInto(value, e, y.value(), m, k, n);
        Z128.matmulAddInto(value, t.a().value(), f, m, k, n);
        long[] mac = t.c().mac().clone();
        Z128.matmulAddInto(mac, e, y.mac(), m, k, n);
        Z128.matmulAddInto(mac, t.a().mac(), f, m, k, n);
        return new AuthShare(party.tamper().apply(Tamper.Point.MATRIX_PRODUCT, -1, value), mac);
    }

    /** The convolution's {@link #matmulCombined}: the weights [Y] times cols(e), f times cols(a), in the output layout. */
    private static AuthShare convCombined(AuthParty party, AuthMaterial.Triple t, long[] e, AuthShare y, long[] f,
            Conv2d g) {
        if (party.dry()) { // demand discovery: as in matmulCombined
            return new AuthShare(Z128.zeros(g.outSize()), Z128.zeros(g.outSize()));
        }
        int rows = g.f();
        int ckk = g.c() * g.k() * g.k();
        int cols = g.n() * g.oh() * g.ow();
        long[] colsE = Z128Conv.columns(g, e);
        long[] value = Z128.zeros(rows * cols);
        Z128.matmulAddInto(value, y.value(), colsE, rows, ckk, cols);
        Z128.matmulAddInto(value, f, Z128Conv.columns(g, t.a().value()), rows, ckk, cols);
        long[] mac = Z128.zeros(rows * cols);
        Z128.matmulAddInto(mac, y.mac(), colsE, rows, ckk, cols);
        Z128.matmulAddInto(mac, f, Z128Conv.columns(g, t.a().mac()), rows, ckk, cols);
        long[] z = Z128.add(t.c().value(), Z128Conv.fromRows(g, value));
        return new AuthShare(party.tamper().apply(Tamper.Point.MATRIX_PRODUCT, -1, z),
                Z128.add(t.c().mac(), Z128Conv.fromRows(g, mac)));
    }

    /** Opens x - a alone. */
    private static long[] openLeft(AuthParty party, AuthShare x, AuthMaterial.Triple t) {
        return AuthOpen.open(party, new AuthShare(Z128.sub(x.value(), t.a().value()), Z128.sub(x.mac(), t.a().mac())));
    }

    /** Opens x - a and y - b together; returns {e, f}. */
    private static long[][] openMasked(AuthParty party, AuthShare x, AuthShare y, AuthMaterial.Triple t) {
        int lx = x.value().length;
        if (party.dry()) { // demand discovery opens zeros: nothing to mask (the same opening, of zeros)
            int words = lx + y.value().length;
            AuthOpen.open(party, new AuthShare(new long[words], new long[words]));
            return new long[][] {new long[lx], new long[words - lx]};
        }
        long[] opened = AuthOpen.open(party, new AuthShare(maskedPair(x.value(), t.a().value(), y.value(), t.b().value()),
                maskedPair(x.mac(), t.a().mac(), y.mac(), t.b().mac())));
        return new long[][] {java.util.Arrays.copyOfRange(opened, 0, lx),
                java.util.Arrays.copyOfRange(opened, lx, opened.length)};
    }
}
