package org.consortia.mpc.tools.bench;

import java.util.List;
import java.util.Locale;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.auth.AuthBeaver;
import org.consortia.mpc.protocols.auth.AuthInput;
import org.consortia.mpc.protocols.auth.AuthParty;
import org.consortia.mpc.protocols.auth.AuthSource;
import org.consortia.mpc.protocols.auth.AuthTruncation;
import org.consortia.mpc.protocols.auth.LocalAuthDealer;
import org.consortia.mpc.protocols.auth.MacCheck;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.AdditiveSharing;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * {@code --security malicious}: the kernels that have authenticated versions (mul, matmul128, matmul256), run as the
 * semi-honest ops are (the same inputs and shapes, a truncated fixed-point product left shared) plus the MAC check of
 * every value opened, over the same cluster (in memory or TLS sockets). The authenticated material is made before
 * each run by an honest dealer in this JVM (its time is the offline column); the online column is the cluster's online
 * phase. Prints the same line as the semi-honest op with {@code "security":"malicious"}.
 */
final class MaliciousBench {
    /** The ops malicious mode runs so far. */
    static final List<String> OPS = List.of("mul", "matmul128", "matmul256");

    private MaliciousBench() {
    }

    /** A {@link PartyChannel} over a backend's peer messages (what the semi-honest session meters and frames). */
    private static PartyChannel channel(Backend b) {
        return new PartyChannel() {
            @Override
            public int self() {
                return b.party();
            }

            @Override
            public int parties() {
                return b.parties();
            }

            @Override
            public void send(int peer, long[] words) {
                b.send(peer, words);
            }

            @Override
            public long[] receive(int peer, int expectedWords) {
                return b.receive(peer, expectedWords);
            }
        };
    }

    private record Shape(int m, int k, int n, boolean elementwise) {
        int left() {
            return elementwise ? m : m * k;
        }

        int right() {
            return elementwise ? m : k * n;
        }

        int out() {
            return elementwise ? m : m * n;
        }
    }

    private static Shape shape(String op) {
        return switch (op) {
            case "mul" -> new Shape(1_000_000, 1, 1, true);
            case "matmul128" -> new Shape(128, 128, 128, false);
            case "matmul256" -> new Shape(256, 256, 256, false);
            default -> throw new IllegalArgumentException("--security malicious runs " + String.join(", ", OPS)
                    + " so far (authenticated comparisons and non-linear functions are not built), not " + op);
        };
    }

    static void run(LocalCluster cluster, String op, int parties, int bits, String transport, int reps, double plainMs) {
        Shape s = shape(op);
        java.util.SplittableRandom r = new java.util.SplittableRandom(29);
        long[] x = r.longs(s.left(), -(1L << (bits + 4)), 1L << (bits + 4)).toArray();
        long[] y = r.longs(s.right(), -(1L << (bits + 4)), 1L << (bits + 4)).toArray();
        List<AuthRequest> items = List.of(new AuthRequest.Known(0, s.left()), new AuthRequest.Known(1, s.right()),
                s.elementwise() ? new AuthRequest.Triple(s.m()) : new AuthRequest.MatrixTriple(s.m(), s.k(), s.n()),
                new AuthRequest.TruncPair(s.out(), bits));
        int warmup = Math.max(2, reps / 3);
        double[] online = new double[reps];
        double[] offline = new double[reps];
        long bytes = 0;
        long rounds = 0;
        double maxErr = 0;
        for (int i = -warmup; i < reps; i++) {
            long t0 = System.nanoTime();
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            AuthSource[] sources = new AuthSource[parties];
            for (int p = 0; p < parties; p++) {
                sources[p] = dealer.prepared(p, items);
            }
            double offlineMs = (System.nanoTime() - t0) / 1e6;
            ClusterRun<long[]> run = cluster.run(party -> {
                Backend b = party.backend();
                if (b.dryRun()) {
                    return new long[s.out()];
                }
                AuthParty a = new AuthParty(channel(b), sources[b.party()]);
                AuthShare u = AuthInput.input(a, 0, b.party() == 0 ? x : null, s.left());
                AuthShare v = AuthInput.input(a, 1, b.party() == 1 ? y : null, s.right());
                AuthShare z = s.elementwise() ? AuthBeaver.multiply(a, u, v) : AuthBeaver.matmul(a, u, v, s.m(), s.k(), s.n());
                z = AuthTruncation.truncate(a, z, bits);
                MacCheck.run(a, "compute");
                return Z128.low(z.value());
            });
            if (i < 0) {
                continue;
            }
            online[i] = run.onlineMillis();
            offline[i] = offlineMs;
            bytes = run.maxOnlineBytesSent();
            rounds = run.rounds();
            if (i == 0) {
                maxErr = maxError(AdditiveSharing.reconstruct(run.results().toArray(long[][]::new)), x, y, s, bits);
            }
        }
        double onlineMs = LinkProbe.median(online);
        System.err.printf(Locale.ROOT, "%-10s %3d %-9s %10.2f %10.2f %10s %12d %6d %10.3g %9.1f  malicious%n", op, parties,
                transport, onlineMs, LinkProbe.median(offline), "-", bytes, rounds, maxErr, onlineMs / plainMs);
        System.out.printf(Locale.ROOT, "{\"op\":\"%s\",\"parties\":%d,\"transport\":\"%s\",\"security\":\"malicious\","
                + "\"reps\":%d,\"online_ms\":%.3f,\"offline_ms\":%.3f,\"bytes_per_party\":%d,\"rounds\":%d,\"max_err\":%.3g,"
                + "\"x_plain\":%.2f}%n", op, parties, transport, reps, onlineMs, LinkProbe.median(offline), bytes, rounds,
                maxErr, onlineMs / plainMs);
    }

    /** The largest error against the exact product of the fixed-point inputs, in units of the value (not ring words). */
    private static double maxError(long[] z, long[] x, long[] y, Shape s, int bits) {
        double max = 0;
        int check = Math.min(z.length, 1000);
        for (int j = 0; j < check; j++) {
            double exact;
            if (s.elementwise()) {
                exact = Math.scalb((double) x[j], -bits) * Math.scalb((double) y[j], -bits);
            } else {
                int i = j / s.n();
                int c = j % s.n();
                exact = 0;
                for (int p = 0; p < s.k(); p++) {
                    exact += Math.scalb((double) x[i * s.k() + p], -bits) * Math.scalb((double) y[p * s.n() + c], -bits);
                }
            }
            max = Math.max(max, Math.abs(Math.scalb((double) z[j], -bits) - exact));
        }
        return max;
    }
}
