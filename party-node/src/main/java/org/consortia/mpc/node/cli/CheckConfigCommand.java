package org.consortia.mpc.node.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLSocket;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.ConfigLoader;
import org.consortia.mpc.config.NodeAddress;
import org.consortia.mpc.config.NodeConfig;
import org.consortia.mpc.runtime.tls.Pki;
import org.consortia.mpc.runtime.tls.TlsMaterial;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Validates the node and consortium files, everything {@code run} checks before it starts ({@link Preflight}: the
 * policy, the API clients file and its token files, the role, the data and state directories) and the node's key and
 * certificate, then tries every peer: a line per peer saying whether it is reachable, whether TLS succeeds with the consortium CA, and whether the
 * certificate it presents names the member it should be. The probe only shakes hands, so a running node's
 * connections are not disturbed.
 */
@Command(name = "check-config", description = "Validate the configuration and certificates and try every peer.")
public class CheckConfigCommand implements Callable<Integer> {
    static final int EXPIRY_WARNING_DAYS = 30;

    @Option(names = "--config", defaultValue = "${sys:mpc.home:-.}/conf/node.yaml",
            description = "the node file (YAML; default: conf/node.yaml of the installation)")
    Path config;

    @Option(names = "--no-peers", description = "skip the peer checks")
    boolean noPeers;

    @Override
    public Integer call() {
        NodeConfig node;
        try {
            node = ConfigLoader.node(config);
        } catch (ConfigException e) {
            System.out.println("FAIL configuration: " + e.getMessage());
            return 2;
        }
        System.out.println("ok   configuration: " + node.self() + " of consortium " + node.consortium().name() + " with "
                + node.consortium().partyCount() + " parties and " + (node.consortium().hasDealer() ? "dealer "
                + node.consortium().dealer().name() : "no dealer") + " (offline: " + node.consortium().protocol().offline() + ")");
        boolean ok = true;
        for (Preflight.Check c : Preflight.all(node, node.isDealer())) { // what run checks before it starts
            if (c.what().equals("key and certificates")) {
                continue; // below, in detail
            }
            if (c.problem() == null) {
                System.out.println("ok   " + c.what() + (c.what().equals("policy") && node.policy() == null
                        ? ": none (every analysis is allowed; run logs a warning)" : ""));
            } else {
                System.out.println((c.warningOnly() ? "WARN " : "FAIL ") + c.what() + ": " + c.problem());
                ok &= c.warningOnly();
            }
        }
        TlsMaterial tls;
        try {
            tls = TlsMaterial.load(node.privateKey(), node.certificate(), node.consortium().caCertificate());
        } catch (Exception e) {
            System.out.println("FAIL key or certificates: " + e.getMessage());
            return 2;
        }
        ok &= checkOwn(node, tls);
        if (!noPeers) {
            for (int i = 0; i < node.consortium().nodeCount(); i++) {
                if (i != node.self().id()) {
                    ok &= probe(node.consortium().node(i), tls);
                }
            }
        }
        return ok ? 0 : 1;
    }

    private boolean checkOwn(NodeConfig node, TlsMaterial tls) {
        boolean ok = true;
        X509Certificate cert = tls.certificate();
        String cn = Pki.commonName(cert);
        if (!cn.equals(node.self().name())) {
            System.out.println("FAIL certificate " + node.certificate() + " names CN=" + cn + ", expected CN=" + node.self().name());
            ok = false;
        }
        try {
            cert.verify(tls.ca().getPublicKey());
        } catch (Exception e) {
            System.out.println("FAIL certificate " + node.certificate() + " is not signed by the consortium CA "
                    + node.consortium().caCertificate());
            ok = false;
        }
        if (!Pki.keyMatches(tls.key(), cert)) {
            System.out.println("FAIL key " + node.privateKey() + " does not belong to certificate " + node.certificate());
            ok = false;
        }
        long days = Pki.daysLeft(cert);
        if (days < 0) {
            System.out.println("FAIL certificate " + node.certificate() + " has expired");
            ok = false;
        } else if (days < EXPIRY_WARNING_DAYS) {
            System.out.println("WARN certificate " + node.certificate() + " expires in " + days + " days");
        }
        long caDays = Pki.daysLeft(tls.ca());
        if (caDays < EXPIRY_WARNING_DAYS) {
            System.out.println("WARN consortium CA certificate expires in " + caDays + " days");
        }
        if (ok) {
            System.out.println("ok   key and certificate: CN=" + cn + ", signed by the consortium CA, valid " + days + " more days");
        }
        return ok;
    }

    private boolean probe(NodeAddress peer, TlsMaterial tls) {
        String where = peer.name() + " at " + peer.host() + ":" + peer.port() + ": ";
        SSLSocket socket;
        try {
            socket = (SSLSocket) tls.jdkContext().getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress(peer.host(), peer.port()), 3000);
        } catch (Exception e) {
            System.out.println("FAIL " + where + "not reachable (" + e.getMessage() + ")");
            return false;
        }
        try (socket) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.startHandshake();
            X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            String cn = Pki.commonName(presented);
            if (!cn.equals(peer.name())) {
                System.out.println("FAIL " + where + "reachable, TLS ok, identity WRONG: presented CN=" + cn);
                return false;
            }
            System.out.println("ok   " + where + "reachable, TLS ok, identity ok");
            return true;
        } catch (Exception e) {
            System.out.println("FAIL " + where + "reachable, TLS failed (" + e.getMessage() + ")");
            return false;
        }
    }
}
