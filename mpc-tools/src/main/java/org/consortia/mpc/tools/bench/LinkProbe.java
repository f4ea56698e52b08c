package org.consortia.mpc.tools.bench;

import java.time.Duration;
import java.util.Arrays;

import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.local.LocalCluster;

/**
 * Measures a transport's round-trip time and bandwidth through the same session layer the protocols use,
 * for the roofline: rounds x rtt + bytes / bandwidth + plaintext time.
 */
record LinkProbe(double rttMillis, double bytesPerMilli) {

    /** Measures between parties 0 and 1 of the cluster, on a session of its own. */
    static LinkProbe measure(LocalCluster cluster) {
        {
            long session = new java.security.SecureRandom().nextLong();
            int n = cluster.parties();
            SessionChannel a = new SessionChannel(cluster.transport(0), session, n, Duration.ofSeconds(30));
            SessionChannel b0 = new SessionChannel(cluster.transport(1), session, n, Duration.ofSeconds(30));
            a.meter().startOnline();
            int pings = 2000;
            double[] rtts = new double[pings];
            int bigWords = 1 << 20;
            int bigReps = 16;
            int bigWarmup = 6; // the first transfers run cold (JIT, TLS buffers); they are not measured
            double[] bw = new double[bigReps];
            Thread echo = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < pings; i++) {
                    b0.send(0, b0.receive(0, 1));
                }
                for (int i = 0; i < bigReps; i++) {
                    b0.receive(0, bigWords);
                    b0.send(0, new long[1]);
                }
            });
            long[] one = new long[1];
            for (int i = 0; i < pings; i++) {
                long t = System.nanoTime();
                a.send(1, one);
                a.receive(1, 1);
                rtts[i] = (System.nanoTime() - t) / 1e6;
            }
            long[] big = new long[bigWords];
            for (int i = 0; i < bigReps; i++) {
                long t = System.nanoTime();
                a.send(1, big);
                a.receive(1, 1);
                double ms = (System.nanoTime() - t) / 1e6 - median(rtts);
                bw[i] = 8.0 * bigWords / Math.max(ms, 1e-3);
                if (i < bigWarmup) {
                    bw[i] = Double.NaN;
                }
            }
            join(echo);
            a.close();
            b0.close();
            return new LinkProbe(median(rtts), median(java.util.Arrays.stream(bw).filter(v -> !Double.isNaN(v)).toArray()));
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
