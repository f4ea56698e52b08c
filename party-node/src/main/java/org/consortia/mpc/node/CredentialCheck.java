package org.consortia.mpc.node;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;

/**
 * The checks a node makes on its own credentials before it starts (and before it takes reloaded ones): the
 * certificate and the CA are valid today, the certificate is signed by the consortium CA and not revoked, and the
 * private key belongs to the certificate. A node that
 * fails one would only be refused by its peers, so it does not start.
 */
public final class CredentialCheck {
    private CredentialCheck() {
    }

    /** {@code null} when the credentials are fit, else one line naming the file and the fix. */
    public static String problem(NodeConfig node) {
        TlsMaterial tls;
        try {
            tls = TlsMaterial.load(node.privateKey(), node.certificate(), node.consortium().caCertificate());
        } catch (Exception e) {
            return unreadable(node, e);
        }
        return problem(node, tls);
    }

    /** The line for credentials that cannot be read. */
    public static String unreadable(NodeConfig node, Exception e) {
        return node.source() + ": key or certificate: cannot read " + node.privateKey() + " / " + node.certificate() + " ("
                + e.getMessage() + ")";
    }

    /** As {@link #problem(NodeConfig)} for credentials already read from the node file's paths. */
    public static String problem(NodeConfig node, TlsMaterial tls) {
        String bad = validity(tls.certificate(), node.source() + ": certificate: " + node.certificate());
        if (bad == null) {
            bad = validity(tls.ca(), node.consortium().source() + ": ca: " + node.consortium().caCertificate());
        }
        if (bad != null) {
            return bad;
        }
        try { // the member's certificate, then each intermediate, signed by the next; the last by the consortium CA
            java.util.List<X509Certificate> chain = tls.chain();
            for (int i = 0; i < chain.size(); i++) {
                chain.get(i).verify(i + 1 < chain.size() ? chain.get(i + 1).getPublicKey() : tls.ca().getPublicKey());
            }
        } catch (GeneralSecurityException e) {
            return node.source() + ": certificate: " + node.certificate() + " is not signed by the consortium CA "
                    + node.consortium().caCertificate();
        }
        String cn = Pki.commonName(tls.certificate());
        if (!cn.equals(node.self().name())) {
            return node.source() + ": certificate: " + node.certificate() + " names CN=" + cn + ", but this node is "
                    + node.self().name();
        }
        if (node.self().certificate() != null) {
            try {
                if (!Pki.readCertificate(node.self().certificate()).equals(tls.certificate())) {
                    return node.source() + ": certificate: " + node.certificate() + " is not the one the consortium file pins ("
                            + node.self().certificate() + ")";
                }
            } catch (java.io.IOException e) {
                return node.consortium().source() + ": certificate: cannot read " + node.self().certificate();
            }
        }
        if (node.consortium().revokedSerials().contains(tls.certificate().getSerialNumber())) {
            return node.source() + ": certificate: " + node.certificate() + " (serial " + tls.certificate().getSerialNumber()
                    .toString(16) + ") is listed as revoked in " + node.consortium().source() + "; have a new one signed";
        }
        if (!Pki.keyMatches(tls.key(), tls.certificate())) {
            return node.source() + ": key: " + node.privateKey() + " does not belong to the certificate " + node.certificate();
        }
        return null;
    }

    private static String validity(X509Certificate cert, String what) {
        try {
            cert.checkValidity();
            return null;
        } catch (CertificateExpiredException e) {
            return what + " expired on " + cert.getNotAfter().toInstant() + "; issue a new one (mpc-node keygen or the "
                    + "consortium's CA) and restart";
        } catch (CertificateNotYetValidException e) {
            return what + " is not valid before " + cert.getNotBefore().toInstant() + "; check the clock or the certificate";
        }
    }
}
