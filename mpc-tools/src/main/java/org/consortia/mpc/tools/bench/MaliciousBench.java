package org.consortia.mpc.tools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.auth.AuthBackend;
import org.consortia.mpc.protocols.auth.AuthParty;
import org.consortia.mpc.protocols.auth.AuthRing;
import org.consortia.mpc.protocols.auth.AuthSource;
import org.consortia.mpc.protocols.auth.LocalAuthDealer;
import org.consortia.mpc.protocols.auth.MacCheck;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.runtime.Party;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.AdditiveSharing;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;

/**
 * {@code --security malicious}: the op's own program (the same inputs, shapes and kernels as its semi-honest line) on
 * authenticated shares ({@link AuthBackend}), plus the MAC check of every value opened, over the same cluster (in
 * memory or TLS sockets). The authenticated material is made before each run by an honest dealer in this JVM (its
 * time is the offline column; the items are those a first run asked for); the online column is the cluster's online
 * phase. Prints the same line as the semi-honest op with {@code "security":"malicious"}.
 */
final class MaliciousBench {
    /** The ops measured in malicious mode so far. */
    static final List<String> OPS = List.of("mul", "matmul128", "matmul256", "relu", "sigmoid", "maxpool", "argmax", "lenet1");

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

    /** Party 0's source, recording every item it is asked for (all parties ask for the same ones). */
    private static AuthSource recording(AuthSource inner, List<AuthRequest> items) {
        return new AuthSource() {
            @Override
            public org.consortia.mpc.sharing.auth.MacKeyShare key() {
                return inner.key();
            }

            @Override
            public AuthMaterial next(AuthRequest request) {
                items.add(request);
                return inner.next(request);
            }
        };
    }

    static void run(LocalCluster cluster, BenchOp op, int parties, String transport, int reps, double plainMs)
            throws Exception {
        List<AuthRequest> items = Collections.synchronizedList(new ArrayList<>());
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
                sources[p] = i == -warmup ? (p == 0 ? recording(dealer.source(0), items) : dealer.source(p))
                        : dealer.prepared(p, items);
            }
            double offlineMs = (System.nanoTime() - t0) / 1e6;
            ClusterRun<long[]> run = cluster.run(party -> {
                Backend b = party.backend();
                if (b.dryRun()) {
                    return new long[0]; // the dealer's dry run: malicious mode's material comes from this JVM
                }
                AuthParty a = new AuthParty(channel(b), sources[b.party()]);
                long[] z = op.program().run(new Party(new AuthBackend(a, b.fixedPoint())));
                MacCheck.run(a, "compute");
                return AuthRing.values(z);
            });
            if (i < 0) {
                continue;
            }
            online[i] = run.onlineMillis();
            offline[i] = offlineMs;
            bytes = run.maxOnlineBytesSent();
            rounds = run.rounds();
            if (i == 0) {
                long[] z = AdditiveSharing.reconstruct(run.results().toArray(long[][]::new));
                maxErr = Bench.quality(op, parties, java.util.Arrays.copyOf(z, Math.min(z.length,
                        op.extent().checkedOutputs()))).maxAbsError();
            }
        }
        double onlineMs = LinkProbe.median(online);
        System.err.printf(Locale.ROOT, "%-10s %3d %-9s %10.2f %10.2f %10s %12d %6d %10.3g %9.1f  malicious%n", op.name(),
                parties, transport, onlineMs, LinkProbe.median(offline), "-", bytes, rounds, maxErr, onlineMs / plainMs);
        System.out.printf(Locale.ROOT, "{\"op\":\"%s\",\"parties\":%d,\"transport\":\"%s\",\"security\":\"malicious\","
                + "\"reps\":%d,\"online_ms\":%.3f,\"offline_ms\":%.3f,\"bytes_per_party\":%d,\"rounds\":%d,\"max_err\":%.3g,"
                + "\"x_plain\":%.2f}%n", op.name(), parties, transport, reps, onlineMs, LinkProbe.median(offline), bytes,
                rounds, maxErr, onlineMs / plainMs);
    }
}
