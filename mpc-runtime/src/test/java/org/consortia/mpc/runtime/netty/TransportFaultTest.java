package org.consortia.mpc.runtime.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSocket;

import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.netty.handler.ssl.SslProvider;

/** Real sockets, real TLS: intruders are refused and logged with the identity they presented. */
class TransportFaultTest {
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean anyEvent(NettyTransport t, String fragment) {
        return t.securityEvents().stream().anyMatch(e -> e.contains(fragment));
    }

    /** Connects with the JDK's TLS, completes the handshake if the server lets it, and returns the socket. */
    private static SSLSocket connect(TlsMaterial as, NodeAddress to) throws IOException {
        SSLSocket s = (SSLSocket) as.jdkContext().getSocketFactory().createSocket();
        s.connect(new InetSocketAddress(to.host(), to.port()), 3000);
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    @Test
    void certificateFromAnotherCaIsRefusedAndLoggedWithItsIdentity() throws Exception {
        TlsCluster.Plan plan = TlsCluster.plan(2, ProtocolParameters.defaults());
        Pki.Credential otherCa = Pki.newCa("other", Pki.DEFAULT_VALIDITY);
        Pki.Credential fake = Pki.issue(otherCa, "party-1", Pki.DEFAULT_VALIDITY);
        try (NettyTransport node0 = NettyTransport.start(plan.config(), 0, plan.material(0), SslProvider.JDK)) {
            try (SSLSocket s = pushyClient(fake, plan.config().node(0))) {
                s.getOutputStream().write(new byte[20]);
                s.getOutputStream().flush();
                assertEquals(-1, readOrEnd(s.getInputStream()), "the node must close the connection");
            } catch (IOException refusedDuringHandshake) {
                // equally fine: TLS 1.3 may report the refusal at the handshake
            }
            await(() -> anyEvent(node0, "refused a client presenting CN=party-1 issued by CN=other CA"),
                    "a refusal naming the presented identity");
            assertTrue(!node0.connected(1));
        }
    }

    @Test
    void anotherMembersCertificateAtAPeersAddressIsRefused() throws Exception {
        TlsCluster.Plan plan = TlsCluster.plan(3, ProtocolParameters.defaults());
        ConsortiumConfig real = plan.config();
        // The impostor holds party-2's genuine credential but listens where party-1 should be.
        List<NodeAddress> moved = new ArrayList<>(real.parties());
        NodeAddress p1 = real.node(1);
        moved.set(2, new NodeAddress(2, "party-2", p1.host(), p1.port(), null));
        moved.set(1, new NodeAddress(1, "party-1", p1.host(), TlsCluster.freePort(), null));
        ConsortiumConfig impostorView = new ConsortiumConfig(real.source(), real.name(), real.caCertificate(), moved,
                real.dealer(), real.protocol(), real.timeouts(), real.maxFrameBytes());
        try (NettyTransport impostor = NettyTransport.start(impostorView, 2, plan.material(2), SslProvider.JDK);
                NettyTransport node0 = NettyTransport.start(real, 0, plan.material(0), SslProvider.JDK)) {
            await(() -> anyEvent(node0, "presenting CN=party-2, expected CN=party-1"), "node 0 refusing the impostor");
            assertTrue(!node0.connected(1) && !node0.connected(2));
        }
    }

    @Test
    void malformedTruncatedAndOversizedFramesCloseOnlyThatConnection(TestInfo info) throws Exception {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        TlsCluster.Plan plan = TlsCluster.plan(2, ProtocolParameters.defaults());
        NettyTransport[] t = new NettyTransport[3];
        for (int i = 0; i < 3; i++) {
            t[i] = NettyTransport.start(plan.config(), i, plan.material(i), SslProvider.OPENSSL);
        }
        try (LocalCluster cluster = new LocalCluster(ProtocolParameters.defaults(), t, () -> {
            for (NettyTransport x : t) {
                x.close();
            }
        }, "tcp")) {
            assertTrue(t[0].awaitAllConnected(Duration.ofSeconds(10)));
            byte[][] attacks = {
                concat(hello(2), frameHeader(16 + 8, 2)) /* announces one word, then goes quiet and closes: truncated */,
                concat(hello(2), frameHeader(1 << 30, 2)) /* oversized */,
                concat(hello(2), frameHeader(21, 2), new byte[21]) /* not 16 + 8n */,
                concat(hello(2), frameHeader(16, 1)) /* claims another sender */,
                concat(hello(2), junk(r, 300)),
                concat(hello(2), junk(r, 5000))};
            for (int a = 0; a < attacks.length; a++) {
                // the dealer's genuine credential: authenticated, so it displaces the real dealer's connection, then
                // misbehaves; node 0 must close it and dial the real dealer again
                long before = t[0].registrations();
                long dealerBefore = t[2].registrations();
                try (SSLSocket s = connect(plan.material(2), plan.config().node(0))) {
                    OutputStream out = s.getOutputStream();
                    out.write(attacks[a]);
                    out.flush();
                    if (a > 0) {
                        assertEquals(-1, readOrEnd(s.getInputStream()), "node 0 closes a misbehaving connection");
                    } else {
                        await(() -> t[0].registrations() > before, "the impostor registered");
                    }
                } catch (IOException closedEarly) {
                    // the node may close before all bytes are written
                }
                await(() -> t[0].registrations() >= before + 2, "node 0 dialled the real dealer again");
                assertTrue(t[0].awaitAllConnected(Duration.ofSeconds(10)), "node 0 reconnects to the real dealer");
                // and the dealer has taken the new connection, so the old one's close cannot reach the next session
                await(() -> t[2].registrations() > dealerBefore, "the dealer accepted node 0's new connection");
                var run = cluster.run(p -> p.input(0, Shape.of(3), new double[] {1, 2, 3}).mul(p.input(1, Shape.of(3),
                        new double[] {4, 5, 6})).reveal());
                assertEquals(18.0, run.result(1)[2], 1e-4, "node 0 keeps serving");
            }
            assertTrue(anyEvent(t[0], "TooLongFrameException"), t[0].securityEvents().toString());
            assertTrue(anyEvent(t[0], "CorruptedFrameException"), t[0].securityEvents().toString());
            assertTrue(anyEvent(t[0], "frame claims sender 1"), t[0].securityEvents().toString());
        }
    }

    /** A client that sends its certificate even though the server asks for another CA's. */
    private static SSLSocket pushyClient(Pki.Credential cred, NodeAddress to) throws Exception {
        javax.net.ssl.X509ExtendedKeyManager km = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"me"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "me";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
                return new java.security.cert.X509Certificate[] {cred.certificate()};
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return cred.keys().getPrivate();
            }
        };
        javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        ctx.init(new javax.net.ssl.KeyManager[] {km}, new javax.net.ssl.TrustManager[] {trustAll}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress(to.host(), to.port()), 3000);
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    private static int readOrEnd(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return -1;
            }
        }
    }

    private static byte[] hello(int sender) {
        return frameHeader(16, sender);
    }

    private static byte[] frameHeader(int length, int sender) {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(length).putLong(0).putInt(0)
                .putShort((short) 6).putShort((short) sender).array();
    }

    private static byte[] junk(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /**
     * A node bound to every interface (listen 0.0.0.0) while the consortium file advertises 127.0.0.1, as behind NAT or
     * in a container: the others dial the advertised address and the mesh forms. A member certificate made from its own
     * key and a request the CA signed (keys stay with their owners), with its key read back in SEC1 form, serves as well.
     */
    @Test
    void aNodeListeningOnEveryInterfaceJoinsUnderItsAdvertisedAddress() throws Exception {
        TlsCluster.Plan plan = TlsCluster.plan(2, ProtocolParameters.defaults());
        java.nio.file.Path dir = plan.dir();
        java.security.KeyPair kp = Pki.newKeyPair();
        java.nio.file.Files.writeString(dir.resolve("party-1.csr"), Pki.certificateRequestPem(kp, "party-1"));
        java.security.cert.X509Certificate signed = Pki.signRequest(plan.ca(), dir.resolve("party-1.csr"), Pki.DEFAULT_VALIDITY);
        assertEquals("party-1", Pki.commonName(signed));
        Pki.writeCertificate(signed, dir.resolve("party-1.crt"));
        // SEC1 as openssl writes it (-----BEGIN EC PRIVATE KEY-----, curve parameters inside)
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters());
        try (var w = new org.bouncycastle.util.io.pem.PemWriter(java.nio.file.Files.newBufferedWriter(dir.resolve("party-1.key")))) {
            w.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        assertTrue(java.nio.file.Files.readString(dir.resolve("party-1.key")).contains("BEGIN EC PRIVATE KEY"));
        TlsMaterial m1 = TlsMaterial.load(dir.resolve("party-1.key"), dir.resolve("party-1.crt"), dir.resolve("ca.crt"));
        assertTrue(Pki.keyMatches(m1.key(), m1.certificate()));
        ConsortiumConfig c = plan.config();
        try (NettyTransport t0 = NettyTransport.start(c, 0, plan.material(0), SslProvider.JDK);
                NettyTransport t1 = NettyTransport.start(c, 1, m1, SslProvider.JDK, "0.0.0.0");
                NettyTransport t2 = NettyTransport.start(c, 2, plan.material(2), SslProvider.JDK)) {
            assertTrue(t0.awaitAllConnected(Duration.ofSeconds(20)) && t1.awaitAllConnected(Duration.ofSeconds(20))
                    && t2.awaitAllConnected(Duration.ofSeconds(20)), "the mesh did not form");
            assertEquals("party-1", Pki.commonName(t0.peerCertificate(1)));
        }
    }

    /**
     * A certificate whose serial is revoked is refused at the handshake, and logged with its identity; taking a new
     * revocation list (reloadTls) closes the connection of a peer that was up and refuses its return.
     */
    @Test
    void revokedCertificatesAreRefusedAtEveryHandshake() throws Exception {
        TlsCluster.Plan plan = TlsCluster.plan(2, ProtocolParameters.defaults());
        ConsortiumConfig c = plan.config();
        java.math.BigInteger serial1 = plan.credentials().get(1).certificate().getSerialNumber();
        try (NettyTransport t0 = NettyTransport.start(c, 0, plan.material(0), SslProvider.JDK);
                NettyTransport t1 = NettyTransport.start(c, 1, plan.material(1), SslProvider.JDK);
                NettyTransport t2 = NettyTransport.start(c, 2, plan.material(2), SslProvider.JDK)) {
            assertTrue(t0.awaitAllConnected(Duration.ofSeconds(20)), "the mesh did not form");
            t0.reloadTls(plan.material(0).withRevoked(java.util.Set.of(serial1)));
            await(() -> !t0.connected(1), "party-0 closes its connection to the now revoked party-1");
            await(() -> anyEvent(t0, "revoked"), "a security event naming the revocation");
            Thread.sleep(1500); // party-1 dials again (backoff up to 1 s) and is refused every time
            assertTrue(!t0.connected(1), "a revoked member does not come back");
            assertTrue(t0.connected(2), "the other connections carry on");
            assertTrue(t0.securityEvents().stream().anyMatch(e -> e.contains("CN=party-1") && e.contains("revoked")),
                    t0.securityEvents().toString());
        }
    }
}
