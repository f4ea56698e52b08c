package org.consortia.mpc.runtime.ot;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.consortia.mpc.sharing.ring.Conv2d;
import org.consortia.mpc.sharing.ring.RingMatmul;

/**
 * Beaver triples for n parties without a dealer: every party draws its shares a_p and b_p; c = (sum a)(sum b) is
 * sum_p a_p b_p (local) plus a Gilboa product a_p b_q for every ordered pair p != q (p sends, q receives), each party
 * keeping its share of each. Any n - 1 parties together learn nothing about the honest party's a and b, and the dealer
 * is not needed. One party's side, with an OT extension to and from every other party.
 */
public final class OtTriples implements AutoCloseable {
    private final int self;
    private final int n;
    private final Gilboa.Sender[] to;
    private final Gilboa.Receiver[] from;
    private final OtLink[] toLinks;
    private final OtLink[] fromLinks;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Party {@code self}'s side: {@code toLinks[q]} carries its products with q as the sender, {@code fromLinks[q]}
     * those where q sends; runs the base OTs of every direction (the peers run theirs at the same time).
     */
    public static OtTriples setup(int self, int n, OtLink[] toLinks, OtLink[] fromLinks, SecureRandom random) throws Exception {
        return setup(self, n, toLinks, fromLinks, random, null);
    }

    /** As {@link #setup(int, int, OtLink[], OtLink[], SecureRandom)}, reusing the base OTs both sides keep in their stores. */
    public static OtTriples setup(int self, int n, OtLink[] toLinks, OtLink[] fromLinks, SecureRandom random,
            BaseOtStore store) throws Exception {
        OtTriples t = new OtTriples(self, n, toLinks, fromLinks);
        List<Callable<Void>> work = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q == self) {
                continue;
            }
            int peer = q;
            work.add(() -> {
                t.to[peer] = new Gilboa.Sender(SoftSpoken.Sender.setup(toLinks[peer], random, store, peer));
                return null;
            });
            work.add(() -> {
                t.from[peer] = new Gilboa.Receiver(SoftSpoken.Receiver.setup(fromLinks[peer], random, store, peer));
                return null;
            });
        }
        try {
            t.all(work);
        } catch (Exception e) {
            t.close(); // its pool: nothing else will
            throw e;
        }
        return t;
    }

    private OtTriples(int self, int n, OtLink[] toLinks, OtLink[] fromLinks) {
        this.self = self;
        this.n = n;
        this.toLinks = toLinks;
        this.fromLinks = fromLinks;
        this.to = new Gilboa.Sender[n];
        this.from = new Gilboa.Receiver[n];
    }

    /** Products per extension call: bounds the OT working memory (about 8 KiB per product and direction). */
    static final int CHUNK = 1 << 13;

    /** Makes three arrays of {@code count} entries {@link #CHUNK} at a time with {@code make}, end to end. */
    private static long[][] inChunks(int count, Chunk make) throws Exception {
        long[][] out = {new long[count], new long[count], new long[count]};
        for (int from = 0; from < count; from += CHUNK) {
            long[][] part = make.of(Math.min(CHUNK, count - from));
            for (int k = 0; k < 3; k++) {
                System.arraycopy(part[k], 0, out[k], from, part[k].length);
            }
        }
        return out;
    }

    /** One chunk's three arrays. */
    @FunctionalInterface
    private interface Chunk {
        long[][] of(int size) throws Exception;
    }

    /** {@code count} triples: this party's shares {a, b, c}, made {@link #CHUNK} at a time. */
    public long[][] triples(int count, SecureRandom random) throws Exception {
        if (count > CHUNK) {
            return inChunks(count, size -> triples(size, random));
        }
        long[] a = new long[count];
        long[] b = new long[count];
        for (int i = 0; i < count; i++) {
            a[i] = random.nextLong();
            b[i] = random.nextLong();
        }
        long[] c = new long[count];
        for (int i = 0; i < count; i++) {
            c[i] = a[i] * b[i];
        }
        List<Callable<long[]>> work = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q == self) {
                continue;
            }
            int peer = q;
            work.add(() -> to[peer].multiply(toLinks[peer], a));
            work.add(() -> from[peer].multiply(fromLinks[peer], b));
        }
        for (long[] part : all(work)) {
            for (int i = 0; i < count; i++) {
                c[i] += part[i];
            }
        }
        return new long[][] {a, b, c};
    }

    /**
     * {@code words} AND triples, bit-sliced (64 per word): this party's XOR shares {a, b, c} with c = a AND b, from one
     * OT per bit and ordered pair (sharing the extensions of the arithmetic triples).
     */
    public long[][] andTriples(int words, SecureRandom random) throws Exception {
        if (words > CHUNK) {
            return inChunks(words, size -> andTriples(size, random));
        }
        long[] a = new long[words];
        long[] b = new long[words];
        long[] c = new long[words];
        for (int i = 0; i < words; i++) {
            a[i] = random.nextLong();
            b[i] = random.nextLong();
            c[i] = a[i] & b[i];
        }
        List<Callable<long[]>> work = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q == self) {
                continue;
            }
            int peer = q;
            work.add(() -> to[peer].sendBits(toLinks[peer], a));
            work.add(() -> from[peer].receiveBits(fromLinks[peer], b));
        }
        for (long[] part : all(work)) {
            for (int i = 0; i < words; i++) {
                c[i] ^= part[i];
            }
        }
        return new long[][] {a, b, c};
    }

    /**
     * {@code count} random bits with both sharings (daBits): this party's XOR share (its own random bit, packed 64
     * per word) and its additive share over Z_2^64 of the same bit. The bit is the XOR of every party's random bit,
     * folded in one party at a time: b' XOR r_k = b' + r_k - 2 b' r_k, where b' r_k needs, for every other party p, a
     * product of p's share of b' and k's bit (one OT each). Uniform if one party is honest.
     */
    public long[][] randomBits(int count, SecureRandom random) throws Exception {
        int chunkBits = 64 * CHUNK;
        if (count > chunkBits) { // chunks of whole words: the packed bits line up
            long[][] out = {new long[(count + 63) / 64], new long[count]};
            for (int from = 0; from < count; from += chunkBits) {
                long[][] part = randomBits(Math.min(chunkBits, count - from), random);
                System.arraycopy(part[0], 0, out[0], from / 64, part[0].length);
                System.arraycopy(part[1], 0, out[1], from, part[1].length);
            }
            return out;
        }
        int words = (count + 63) / 64;
        long[] mine = new long[words];
        for (int w = 0; w < words; w++) {
            mine[w] = random.nextLong();
        }
        if (count % 64 != 0) {
            mine[words - 1] &= (1L << (count % 64)) - 1;
        }
        long[] arith = new long[count];
        if (self == 0) {
            for (int i = 0; i < count; i++) {
                arith[i] = (mine[i >>> 6] >>> (i & 63)) & 1;
            }
        }
        for (int k = 1; k < n; k++) { // fold in party k's bits
            long[] prod = new long[count];
            if (self == k) {
                List<Callable<long[]>> work = new ArrayList<>();
                for (int p = 0; p < n; p++) {
                    if (p != k) {
                        int peer = p;
                        work.add(() -> from[peer].receiveTimesBit(fromLinks[peer], mine, count));
                    }
                }
                for (long[] part : all(work)) {
                    for (int i = 0; i < count; i++) {
                        prod[i] += part[i];
                    }
                }
                for (int i = 0; i < count; i++) {
                    long bit = (mine[i >>> 6] >>> (i & 63)) & 1;
                    prod[i] += arith[i] * bit; // this party's own share times its own bit
                    arith[i] += bit;
                }
            } else {
                long[] part = to[k].sendTimesBit(toLinks[k], arith);
                System.arraycopy(part, 0, prod, 0, count);
            }
            for (int i = 0; i < count; i++) {
                arith[i] -= 2 * prod[i];
            }
        }
        return new long[][] {mine, arith};
    }

    /**
     * {@code count} truncation pairs for {@code f} fractional bits, as the dealer's: additive shares of a uniform r, of
     * r >>> f and of its top bit, made locally from 64 daBits per element. The daBits are made and folded
     * {@link #CHUNK} elements at a time, so the working memory is bounded whatever {@code count} is (it was 512 bytes
     * per element when all 64 count daBits were held at once: 1 GB for a million elements).
     */
    public long[][] truncationPairs(int count, int f, SecureRandom random) throws Exception {
        long[] r = new long[count];
        long[] high = new long[count];
        long[] msb = new long[count];
        for (int from = 0; from < count; from += CHUNK) {
            int size = Math.min(CHUNK, count - from);
            long[] arith = randomBits(64 * size, random)[1];
            for (int e = 0; e < size; e++) {
                long sum = 0;
                long top = 0;
                for (int i = 0; i < 64; i++) {
                    long b = arith[64 * e + i];
                    sum += b << i;
                    if (i >= f) {
                        top += b << (i - f);
                    }
                }
                r[from + e] = sum;
                high[from + e] = top;
                msb[from + e] = arith[64 * e + 63];
            }
        }
        return new long[][] {r, high, msb};
    }

    /**
     * {@code count} random masks with their bits: additive shares of a uniform r and XOR shares of its 64 bits (one
     * word per element), from 64 daBits per element made and folded {@link #CHUNK} elements at a time.
     */
    public long[][] masksWithBits(int count, SecureRandom random) throws Exception {
        long[] r = new long[count];
        long[] bits = new long[count];
        for (int from = 0; from < count; from += CHUNK) {
            int size = Math.min(CHUNK, count - from);
            long[][] s = randomBits(64 * size, random); // the packed XOR shares: word e holds element e's 64 bits
            for (int e = 0; e < size; e++) {
                long sum = 0;
                for (int i = 0; i < 64; i++) {
                    sum += s[1][64 * e + i] << i;
                }
                r[from + e] = sum;
            }
            System.arraycopy(s[0], 0, bits, from, size);
        }
        return new long[][] {r, bits};
    }

    /**
     * A matrix triple (A m x k, B k x n, C = A B) for this party: its shares {a, b, c}. The cross term A_p B_q of every
     * ordered pair is one vector product per entry B_q[l][j] with the column A_p[., l]; the pieces add into column j.
     * A column of A is made when its first entry's group runs (never k n copies of columns at once).
     * (Costs m k n products' corrections: fine for tests and small layers; the dealer remains the fast path.)
     */
    public long[][] matrixTriple(int m, int k, int n, SecureRandom random) throws Exception {
        long[] a = new long[m * k];
        long[] b = new long[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextLong();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextLong();
        }
        long[] c = RingMatmul.multiply(a, b, m, k, n);
        long[][] column = new long[1][]; // entry (l, j) of B multiplies column l of A: made once per l, when first used
        int[] columnOf = {-1};
        crossVectors(k * n, e -> {
            int l = e / n;
            if (columnOf[0] != l) {
                long[] col = new long[m];
                for (int i = 0; i < m; i++) {
                    col[i] = a[i * k + l];
                }
                column[0] = col;
                columnOf[0] = l;
            }
            return column[0];
        }, b, m, (piece, e, offset) -> {
            int j = e % n;
            for (int i = 0; i < piece.length; i++) {
                c[(offset + i) * n + j] += piece[i];
            }
        });
        return new long[][] {a, b, c};
    }

    /**
     * A convolution triple (a input, b weights, c = conv(a, b)) for this party: the cross term conv(A_p, B_q) is
     * B_q [f, c k k] times the im2col columns of A_p, one vector product per weight entry with a row of the columns.
     */
    public long[][] convTriple(Conv2d conv, SecureRandom random) throws Exception {
        long[] a = new long[conv.inputSize()];
        long[] b = new long[conv.weightSize()];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextLong();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextLong();
        }
        long[] c = conv.apply(a, b);
        int ckk = conv.c() * conv.k() * conv.k();
        int width = conv.n() * conv.oh() * conv.ow();
        long[] cols = conv.columns(a);
        long[][] byRow = new long[ckk][];
        for (int l = 0; l < ckk; l++) {
            byRow[l] = java.util.Arrays.copyOfRange(cols, l * width, (l + 1) * width);
        }
        long[] y = new long[conv.f() * width];
        crossVectors(conv.f() * ckk, e -> byRow[e % ckk], b, width, (piece, e, offset) -> { // weight (f, l): row l
            int fi = e / ckk;
            for (int v = 0; v < piece.length; v++) {
                y[fi * width + offset + v] += piece[v];
            }
        });
        long[] cross = conv.fromRows(y);
        for (int i = 0; i < c.length; i++) {
            c[i] += cross[i];
        }
        return new long[][] {a, b, c};
    }

    /** Receives one vector product's share: entry {@code e}'s piece, which starts at {@code offset} of its vector. */
    @FunctionalInterface
    private interface VectorSink {
        void accept(long[] piece, int e, int offset);
    }

    /**
     * The cross terms of vector products with every other party, this party's vectors ({@code vectorOf(e)}, each of
     * length {@code w}) as sender and its {@code values} as receiver (one entry each): a group of entries per extension
     * call (at most {@link #CHUNK} vector entries), and a vector longer than that in slices of {@link #CHUNK} entries,
     * each slice its own product with the same value (64 fresh OTs per slice), so that the working memory stays
     * bounded whatever the shapes; every piece's share goes to {@code sink}. Vectors are asked for in entry order and
     * only while their group runs.
     */
    private void crossVectors(int entries, java.util.function.IntFunction<long[]> vectorOf, long[] values, int w,
            VectorSink sink) throws Exception {
        if (w > CHUNK) {
            for (int e = 0; e < entries; e++) {
                long[] v = vectorOf.apply(e);
                long[] value = {values[e]};
                for (int offset = 0; offset < w; offset += CHUNK) {
                    long[][] slice = {java.util.Arrays.copyOfRange(v, offset, Math.min(w, offset + CHUNK))};
                    long[][][] parts = exchangeVectors(slice, value, slice[0].length);
                    for (long[][] part : parts) {
                        sink.accept(part[0], e, offset);
                    }
                }
            }
            return;
        }
        int group = Math.max(1, CHUNK / Math.max(1, w));
        for (int first = 0; first < entries; first += group) {
            int size = Math.min(entries - first, group);
            long[][] vs = new long[size][];
            for (int i = 0; i < size; i++) {
                vs[i] = vectorOf.apply(first + i);
            }
            long[] bs = java.util.Arrays.copyOfRange(values, first, first + size);
            for (long[][] part : exchangeVectors(vs, bs, w)) {
                for (int e = 0; e < part.length; e++) {
                    sink.accept(part[e], first + e, 0);
                }
            }
        }
    }

    /** One round of vector products with every other party in both directions: every direction's shares. */
    private long[][][] exchangeVectors(long[][] vs, long[] bs, int w) throws Exception {
        List<Callable<long[][]>> work = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q == self) {
                continue;
            }
            int peer = q;
            work.add(() -> to[peer].sendVectors(toLinks[peer], vs));
            work.add(() -> from[peer].receiveVectors(fromLinks[peer], bs, w));
        }
        return all(work).toArray(new long[0][][]);
    }

    /** Bytes this party sent so far. */
    public long bytesSent() {
        long s = 0;
        for (int q = 0; q < n; q++) {
            if (q != self) {
                s += toLinks[q].bytesSent() + fromLinks[q].bytesSent();
            }
        }
        return s;
    }

    private <T> List<T> all(List<Callable<T>> work) throws Exception {
        List<Future<T>> fs = new ArrayList<>();
        for (Callable<T> w : work) {
            fs.add(pool.submit(w));
        }
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : fs) {
                out.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) { // the link's own error (a peer's abort, say), the others stopped
            for (Future<T> f : fs) {
                f.cancel(true);
            }
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (InterruptedException e) {
            for (Future<T> f : fs) {
                f.cancel(true);
            }
            throw e;
        }
        return out;
    }

    /** n parties' sides wired in memory (tests, the benchmark); their setups run concurrently, with fresh base OTs. */
    public static OtTriples[] inMemory(int n, SecureRandom[] random) throws Exception {
        return inMemory(n, random, new BaseOtStore[n]);
    }

    /** As {@link #inMemory(int, SecureRandom[])}, party p keeping its base OTs in {@code stores[p]} (null: none). */
    public static OtTriples[] inMemory(int n, SecureRandom[] random, BaseOtStore[] stores) throws Exception {
        OtLink[][] toLinks = new OtLink[n][n];
        OtLink[][] fromLinks = new OtLink[n][n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                if (p != q) {
                    OtLink[] pair = OtLink.pair();
                    toLinks[p][q] = pair[0]; // p sends its a to q
                    fromLinks[q][p] = pair[1]; // q receives with its b
                }
            }
        }
        OtTriples[] parties = new OtTriples[n];
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OtTriples>> fs = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                int self = p;
                fs.add(ex.submit(() -> setup(self, n, toLinks[self], fromLinks[self], random[self], stores[self])));
            }
            for (int p = 0; p < n; p++) {
                parties[p] = fs.get(p).get();
            }
        }
        return parties;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
