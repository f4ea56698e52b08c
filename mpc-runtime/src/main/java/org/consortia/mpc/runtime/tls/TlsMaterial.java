package org.consortia.mpc.runtime.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * A node's TLS identity (key, certificate) and the consortium CA it trusts, and the mutual-TLS contexts
 * built from them: TLS 1.3 only, client certificates required. {@code toString()} never prints the key.
 */
public record TlsMaterial(PrivateKey key, X509Certificate certificate, X509Certificate ca,
        java.util.List<X509Certificate> chain, java.util.Set<java.math.BigInteger> revoked) {

    public TlsMaterial {
        chain = chain == null || chain.isEmpty() ? java.util.List.of(certificate) : java.util.List.copyOf(chain);
        revoked = revoked == null ? java.util.Set.of() : java.util.Set.copyOf(revoked);
    }

    /** An identity whose certificate the CA signed directly, nothing revoked. */
    public TlsMaterial(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
        this(key, certificate, ca, null, null);
    }

    /** The same identity, refusing peers whose certificates carry one of {@code serials}. */
    public TlsMaterial withRevoked(java.util.Set<java.math.BigInteger> serials) {
        return new TlsMaterial(key, certificate, ca, chain, serials);
    }

    /** Reads the key (PKCS#8, SEC1 or RSA PEM), the certificate file (the member's certificate, then any intermediates) and the CA. */
    public static TlsMaterial load(Path key, Path certificate, Path ca) throws IOException {
        java.util.List<X509Certificate> chain = Pki.readCertificateChain(certificate);
        return new TlsMaterial(Pki.readPrivateKey(key), chain.get(0), Pki.readCertificate(ca), chain, null);
    }

    private X509Certificate[] chainArray() {
        return chain.toArray(X509Certificate[]::new);
    }

    /**
     * The TLS engine: {@code "openssl"} (netty-tcnative BoringSSL), {@code "jdk"}, or {@code "auto"}: BoringSSL
     * when its native library loads, else the JDK's. See the README for the measurement behind the default.
     */
    public static SslProvider provider(String choice) {
        return switch (choice == null ? "auto" : choice) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> SslProvider.OPENSSL;
            case "auto" -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default -> throw new IllegalArgumentException("TLS provider '" + choice + "': expected auto, jdk or openssl");
        };
    }

    public SslContext serverContext(SslProvider provider, java.util.function.Consumer<String> refusals) {
        try {
            return SslContextBuilder.forServer(key, chainArray()).trustManager(new LoggingTrustManager(ca, revoked, refusals)).clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(provider).protocols("TLSv1.3").build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot build the TLS server context: " + e.getMessage(), e);
        }
    }

    public SslContext clientContext(SslProvider provider, java.util.function.Consumer<String> refusals) {
        try {
            // The peer is authenticated by the CN check against the consortium file, not by host name.
            return SslContextBuilder.forClient().keyManager(key, chainArray()).trustManager(new LoggingTrustManager(ca, revoked, refusals)).sslProvider(provider)
                    .endpointIdentificationAlgorithm(null)
                    .protocols("TLSv1.3").build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
        }
    }

    /** A plain JDK {@code SSLContext} with this identity and the consortium CA (for probes and tools). */
    public javax.net.ssl.SSLContext jdkContext() {
        try {
            char[] pw = "in-memory".toCharArray();
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("self", key, pw, chainArray());
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new LoggingTrustManager(ca, revoked, e -> { })}, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a JDK TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + Pki.commonName(certificate) + "]";
    }
}
