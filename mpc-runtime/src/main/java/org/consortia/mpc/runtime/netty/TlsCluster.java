package org.consortia.mpc.runtime.netty;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.config.Timeouts;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;

import io.netty.handler.ssl.SslProvider;

/**
 * A whole consortium inside one JVM but over real sockets: a fresh CA and member certificates, one Netty
 * mutual-TLS transport per node on 127.0.0.1 (ephemeral ports), wrapped in a {@link LocalCluster}. Used by
 * the tcp benchmarks and by transport tests; separate processes are the party node's business.
 */
public final class TlsCluster {
    private TlsCluster() {
    }

    /** A consortium's configuration and credentials, generated for tests and benchmarks. */
    public record Plan(Path dir, ConsortiumConfig config, Pki.Credential ca, List<Pki.Credential> credentials) {
        public TlsMaterial material(int node) {
            Pki.Credential c = credentials.get(node);
            return new TlsMaterial(c.keys().getPrivate(), c.certificate(), ca.certificate());
        }
    }

    /** Generates a CA, credentials named party-0.. and dealer, and a config on free loopback ports. */
    public static Plan plan(int parties, ProtocolParameters params) throws IOException {
        return plan(parties, params, ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES);
    }

    /** A plan whose transports accept frames of at most {@code maxFrameBytes} (larger messages go in parts). */
    public static Plan plan(int parties, ProtocolParameters params, int maxFrameBytes) throws IOException {
        Path dir = Files.createTempDirectory("mpc-tls-cluster");
        Pki.Credential ca = Pki.newCa("local-cluster", Pki.DEFAULT_VALIDITY);
        Pki.writeCertificate(ca.certificate(), dir.resolve("ca.crt"));
        List<NodeAddress> nodes = new ArrayList<>();
        List<Pki.Credential> creds = new ArrayList<>();
        for (int i = 0; i <= parties; i++) {
            String name = i == parties ? "dealer" : "party-" + i;
            creds.add(Pki.issue(ca, name, Pki.DEFAULT_VALIDITY));
            nodes.add(new NodeAddress(i, name, "127.0.0.1", freePort(), null));
        }
        Timeouts t = new Timeouts(Duration.ofSeconds(20), params.roundTimeout(), Duration.ofSeconds(30));
        ConsortiumConfig config = new ConsortiumConfig(dir.resolve("consortium.yaml"), "local-cluster",
                dir.resolve("ca.crt"), nodes.subList(0, parties), nodes.get(parties), params, t, maxFrameBytes);
        return new Plan(dir, config, ca, List.copyOf(creds));
    }

    public static LocalCluster start(int parties, ProtocolParameters params, SslProvider provider) throws IOException {
        return start(parties, params, provider, ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES);
    }

    /** As {@link #start(int, ProtocolParameters, SslProvider)} with frames of at most {@code maxFrameBytes}. */
    public static LocalCluster start(int parties, ProtocolParameters params, SslProvider provider, int maxFrameBytes)
            throws IOException {
        return start(parties, params, provider, maxFrameBytes, null);
    }

    /** As above, every link emulating {@code wan} (null: none; tests and benchmarks only). */
    public static LocalCluster start(int parties, ProtocolParameters params, SslProvider provider, int maxFrameBytes,
            LinkEmulation wan) throws IOException {
        Plan plan = plan(parties, params, maxFrameBytes);
        NettyTransport[] transports = new NettyTransport[parties + 1];
        for (int i = 0; i <= parties; i++) {
            transports[i] = NettyTransport.start(plan.config(), i, plan.material(i), provider);
            if (wan != null) {
                transports[i].emulate(wan);
            }
        }
        AutoCloseable closer = () -> {
            for (NettyTransport x : transports) {
                x.close();
            }
        };
        try {
            for (NettyTransport x : transports) {
                if (!x.awaitAllConnected(Duration.ofSeconds(20))) {
                    throw new IOException(x + " did not connect to every peer within 20 s");
                }
            }
        } catch (InterruptedException | IOException e) {
            for (NettyTransport x : transports) {
                x.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof IOException io ? io : new IOException("interrupted while connecting", e);
        }
        return new LocalCluster(params, transports.clone(), closer, "tcp");
    }

    /** An ephemeral port on 127.0.0.1 that was free a moment ago. */
    /**
     * A port free on loopback now, below Linux's ephemeral range (32768 and up): a port the kernel hands out as
     * ephemeral may be taken meanwhile as the source port of some outgoing connection (a check-config probe, say),
     * before the node that was given it binds it. Ports already bound are skipped.
     */
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 10000 + r.nextInt(22000); // 10000..31999
            if (!GIVEN.add(port)) {
                continue; // handed out before in this JVM (perhaps not bound yet)
            }
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
