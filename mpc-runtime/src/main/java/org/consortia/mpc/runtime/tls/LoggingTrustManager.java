package org.consortia.mpc.runtime.tls;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts exactly the consortium CA (standard PKIX validation) and refuses certificates the consortium file lists
 * as revoked; when it refuses a peer it logs the identity the peer presented (subject CN and issuer), so an
 * operator sees who tried to connect.
 */
final class LoggingTrustManager implements X509TrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingTrustManager.class);
    private final X509TrustManager delegate;
    private final java.util.function.Consumer<String> events;
    private final java.util.Set<java.math.BigInteger> revoked;

    LoggingTrustManager(X509Certificate ca, java.util.function.Consumer<String> events) {
        this(ca, java.util.Set.of(), events);
    }

    LoggingTrustManager(X509Certificate ca, java.util.Set<java.math.BigInteger> revoked, java.util.function.Consumer<String> events) {
        this.events = events;
        this.revoked = revoked;
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("consortium-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            X509TrustManager found = null;
            for (TrustManager t : tmf.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    found = x;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no X509 trust manager available");
            }
            this.delegate = found;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the consortium trust manager: " + e.getMessage(), e);
        }
    }

    /** Refuses a chain holding a certificate whose serial the consortium file lists as revoked. */
    private void checkRevoked(X509Certificate[] chain, String role) throws CertificateException {
        for (X509Certificate c : chain == null ? new X509Certificate[0] : chain) {
            if (revoked.contains(c.getSerialNumber())) {
                String who = "CN=" + Pki.commonName(c) + " (serial " + c.getSerialNumber().toString(16) + ")";
                LOG.warn("refused a {}: its certificate {} is revoked", role, who);
                events.accept("refused a " + role + " presenting the revoked certificate " + who);
                throw new CertificateException("revoked certificate " + who);
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkRevoked(chain, "client");
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            LOG.warn("refused a client: presented identity {}: {}", describe(chain), e.getMessage());
            events.accept("refused a client presenting " + describe(chain));
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkRevoked(chain, "server");
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            LOG.warn("refused a server: presented identity {}: {}", describe(chain), e.getMessage());
            events.accept("refused a server presenting " + describe(chain));
            throw e;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private static String describe(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return "(none)";
        }
        return "CN=" + Pki.commonName(chain[0]) + " issued by " + chain[0].getIssuerX500Principal().getName();
    }
}
