package org.consortia.mpc.tools.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.consortia.mpc.runtime.ot.OtTriples;

/**
 * Dealer-free Beaver triples (base OTs, IKNP extension, Gilboa products) between n parties in this JVM over in-memory
 * links: triples per second and bytes per triple per party, as one JSON line. (The OT mode is not yet wired into the
 * sessions, so the figure is the generator's, without TLS or framing.)
 * <pre>OtTripleBench [parties] [triples] [batch]</pre>
 */
public final class OtTripleBench {
    private OtTripleBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 15;
        SecureRandom[] rs = new SecureRandom[n];
        for (int p = 0; p < n; p++) {
            rs[p] = new SecureRandom();
        }
        long t0 = System.nanoTime();
        OtTriples[] parties = OtTriples.inMemory(n, rs);
        long setup = System.nanoTime() - t0;
        warm(parties, rs, n, Math.min(batch, total));
        long before = parties[0].bytesSent();
        long t1 = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> fs = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                int self = p;
                fs.add(ex.submit(() -> {
                    for (int done = 0; done < total; done += batch) {
                        parties[self].triples(Math.min(batch, total - done), rs[self]);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : fs) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        long bytes = parties[0].bytesSent() - before;
        System.out.printf(Locale.ROOT, "{\"op\":\"ot_triples\",\"parties\":%d,\"transport\":\"memory\",\"triples\":%d,"
                + "\"batch\":%d,\"seconds\":%.3f,\"triples_per_s\":%.0f,\"bytes_per_party\":%d,\"bytes_per_triple\":%.1f,"
                + "\"setup_ms\":%.1f}%n", n, total, batch, seconds, total / seconds, bytes, (double) bytes / total, setup / 1e6);
        for (OtTriples t : parties) {
            t.close();
        }
    }

    private static void warm(OtTriples[] parties, SecureRandom[] rs, int n, int count) throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[][]>> fs = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                int self = p;
                fs.add(ex.submit(() -> parties[self].triples(count, rs[self])));
            }
            for (Future<long[][]> f : fs) {
                f.get();
            }
        }
    }
}
