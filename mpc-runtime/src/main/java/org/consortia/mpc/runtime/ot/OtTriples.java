package org.consortia.mpc.runtime.ot;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        OtTriples t = new OtTriples(self, n, toLinks, fromLinks);
        List<Callable<Void>> work = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q == self) {
                continue;
            }
            int peer = q;
            work.add(() -> {
                t.to[peer] = new Gilboa.Sender(Iknp.Sender.setup(toLinks[peer], random));
                return null;
            });
            work.add(() -> {
                t.from[peer] = new Gilboa.Receiver(Iknp.Receiver.setup(fromLinks[peer], random));
                return null;
            });
        }
        t.all(work);
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

    /** {@code count} triples: this party's shares {a, b, c}. */
    public long[][] triples(int count, SecureRandom random) throws Exception {
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
            work.add(() -> Gilboa.sendBits(Gilboa.extension(to[peer]), bitHash(), toLinks[peer], a));
            work.add(() -> Gilboa.receiveBits(Gilboa.extension(from[peer]), bitHash(), fromLinks[peer], b));
        }
        for (long[] part : all(work)) {
            for (int i = 0; i < words; i++) {
                c[i] ^= part[i];
            }
        }
        return new long[][] {a, b, c};
    }

    private static AesHash bitHash() {
        return new AesHash();
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
        for (Future<T> f : fs) {
            out.add(f.get());
        }
        return out;
    }

    /** n parties' sides wired in memory (tests, the benchmark); their setups run concurrently. */
    public static OtTriples[] inMemory(int n, SecureRandom[] random) throws Exception {
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
                fs.add(ex.submit(() -> setup(self, n, toLinks[self], fromLinks[self], random[self])));
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
