package org.consortia.mpc.node.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.consortia.mpc.config.YamlNode;
import org.consortia.mpc.runtime.tls.Pki;

/**
 * Who may use a node's job API, from its API clients file (YAML; unknown keys are errors):
 * <pre>
 * clientCa: client-ca.crt          # optional: a CA of the organisation's own for client certificates
 * clients:
 *   - {name: coordinator, roles: [submitter, reader], tokenSha256: 3f7a...}   # SHA-256 (hex) of a bearer token
 *   - {name: ops, roles: [admin], tokenFile: ops.token}                       # a file holding the token
 *   - {name: ci, roles: [submitter], tokenEnv: MPC_CI_TOKEN}                  # an environment variable holding it
 *   - {name: analyst, roles: [reader], certificateSha256: ab12...}            # a client certificate's fingerprint
 *   - {name: audit-1, roles: [auditor], certificateCn: audit-1}               # a certificate from clientCa with this CN
 * </pre>
 * Tokens are kept only as SHA-256 hashes. A certificate identifies a client by its fingerprint (a certificate of
 * the consortium CA or of the client CA) or, from the client CA, by its CN. The certificates of consortium
 * members (parties and dealer) are never API clients, whatever the file says.
 */
public final class ApiClients {
    /** What a client may do. */
    public enum Role {
        /** Propose and cancel jobs, read job records. */
        SUBMITTER,
        /** Read job records and, on a recipient's node, results. */
        READER,
        /** Read job records, health, metrics and the audit log. */
        AUDITOR,
        /** Everything, including the local detail of failures. */
        ADMIN
    }

    /** An authenticated client. */
    public record Client(String name, Set<Role> roles) {
        public boolean may(Role... any) {
            if (roles.contains(Role.ADMIN)) {
                return true;
            }
            for (Role r : any) {
                if (roles.contains(r)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Entry(Client client, byte[] tokenSha256, String certificateSha256, String certificateCn) {
    }

    private final List<Entry> entries;
    private final X509Certificate clientCa;

    private ApiClients(List<Entry> entries, X509Certificate clientCa) {
        this.entries = List.copyOf(entries);
        this.clientCa = clientCa;
    }

    /** How many clients the file lists. */
    public int size() {
        return entries.size();
    }

    /** The client CA's certificate, or {@code null}. */
    public X509Certificate clientCa() {
        return clientCa;
    }

    public static ApiClients load(Path file, Function<String, String> env) {
        YamlNode root = YamlNode.load(file);
        root.allowOnly("clientCa", "clients");
        Path dir = file.toAbsolutePath().getParent();
        X509Certificate ca = null;
        if (root.has("clientCa")) {
            Path p = dir.resolve(root.string("clientCa"));
            try {
                ca = Pki.readCertificate(p);
            } catch (IOException | RuntimeException e) {
                throw root.error("clientCa", "\"" + root.string("clientCa") + "\" (unreadable)", "a PEM certificate file");
            }
        }
        List<Entry> out = new ArrayList<>();
        for (YamlNode c : root.list("clients")) {
            c.allowOnly("name", "roles", "tokenSha256", "tokenFile", "tokenEnv", "certificateSha256", "certificateCn");
            String name = c.string("name");
            List<String> roleNames = c.strings("roles");
            if (roleNames == null || roleNames.isEmpty()) {
                throw c.error("roles", "nothing", "a list of roles: submitter, reader, auditor, admin");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : roleNames) {
                try {
                    roles.add(Role.valueOf(r.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw c.error("roles", "\"" + r + "\"", "submitter, reader, auditor or admin");
                }
            }
            int ways = (c.has("tokenSha256") ? 1 : 0) + (c.has("tokenFile") ? 1 : 0) + (c.has("tokenEnv") ? 1 : 0)
                    + (c.has("certificateSha256") ? 1 : 0) + (c.has("certificateCn") ? 1 : 0);
            if (ways != 1) {
                throw c.error("name", "\"" + name + "\" with " + ways + " ways to authenticate",
                        "exactly one of tokenSha256, tokenFile, tokenEnv, certificateSha256, certificateCn");
            }
            byte[] tokenHash = null;
            if (c.has("tokenSha256")) {
                String h = c.string("tokenSha256").toLowerCase(java.util.Locale.ROOT);
                if (!h.matches("[0-9a-f]{64}")) {
                    throw c.error("tokenSha256", "not 64 hex digits", "the SHA-256 of the token, in hex (mpc-node token prints one)");
                }
                tokenHash = HexFormat.of().parseHex(h);
            } else if (c.has("tokenFile")) {
                Path p = dir.resolve(c.string("tokenFile"));
                try {
                    tokenHash = sha256(token(c, "tokenFile", Files.readString(p).trim()));
                } catch (IOException e) {
                    throw c.error("tokenFile", "\"" + c.string("tokenFile") + "\" (unreadable)", "a file holding the token");
                }
            } else if (c.has("tokenEnv")) {
                String v = env.apply(c.string("tokenEnv"));
                if (v == null) {
                    throw c.error("tokenEnv", "\"" + c.string("tokenEnv") + "\" (not set)", "an environment variable holding the token");
                }
                tokenHash = sha256(token(c, "tokenEnv", v.trim()));
            }
            String fp = c.has("certificateSha256") ? c.string("certificateSha256").toLowerCase(java.util.Locale.ROOT).replace(":", "")
                    : null;
            if (fp != null && !fp.matches("[0-9a-f]{64}")) {
                throw c.error("certificateSha256", "not 64 hex digits", "the SHA-256 fingerprint of the client certificate (DER)");
            }
            String cn = c.has("certificateCn") ? c.string("certificateCn") : null;
            if (cn != null && ca == null) {
                throw c.error("certificateCn", "\"" + cn + "\" without a clientCa", "a clientCa at the top of the file");
            }
            out.add(new Entry(new Client(name, Set.copyOf(roles)), tokenHash, fp, cn));
        }
        return new ApiClients(out, ca);
    }

    private static String token(YamlNode c, String field, String t) {
        if (t.length() < 16) {
            throw c.error(field, "a token of " + t.length() + " characters", "a token of at least 16 characters");
        }
        return t;
    }

    /** The client presenting bearer {@code token}, or {@code null}. Compares hashes in constant time. */
    public Client byToken(String token) {
        byte[] h = sha256(token);
        Client found = null;
        for (Entry e : entries) {
            if (e.tokenSha256() != null && MessageDigest.isEqual(h, e.tokenSha256())) {
                found = e.client();
            }
        }
        return found;
    }

    /** The client presenting {@code cert} (already verified by TLS against a trusted CA), or {@code null}. */
    public Client byCertificate(X509Certificate cert) {
        String fp = fingerprint(cert);
        for (Entry e : entries) {
            if (fp.equals(e.certificateSha256())) {
                return e.client();
            }
        }
        if (clientCa != null && cert.getIssuerX500Principal().equals(clientCa.getSubjectX500Principal())) {
            try {
                cert.verify(clientCa.getPublicKey());
                cert.checkValidity();
            } catch (java.security.GeneralSecurityException e) {
                return null;
            }
            String cn = Pki.commonName(cert);
            for (Entry e : entries) {
                if (cn.equals(e.certificateCn())) {
                    return e.client();
                }
            }
        }
        return null;
    }

    /** SHA-256 of the certificate's DER encoding, hex. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a token's UTF-8 bytes. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiClients[" + entries.size() + " clients]"; // never a hash
    }
}
