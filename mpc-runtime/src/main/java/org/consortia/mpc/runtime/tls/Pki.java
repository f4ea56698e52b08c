package org.consortia.mpc.runtime.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The consortium's small PKI: a CA, and a key and certificate per party and for the dealer, EC P-256 keys,
 * the member's name as the certificate's CN (which the transport checks against the consortium file), PEM
 * files (keys written as unencrypted PKCS#8, readable by the owner only; PKCS#8, SEC1 and PKCS#1 RSA keys read).
 * A member makes its key and a certificate request where it keeps the key; the CA's operator signs the request. BouncyCastle builds the certificates: the
 * JDK has no public API for it.
 */
public final class Pki {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pki() {
    }

    /** A key pair with its certificate. */
    public record Credential(KeyPair keys, X509Certificate certificate) {
        @Override
        public String toString() {
            return "Credential[" + commonName(certificate) + "]";
        }
    }

    public static Credential newCa(String name, Duration validity) {
        KeyPair kp = ecKeys();
        X500Name subject = new X500Name("CN=" + name + " CA");
        return new Credential(kp, build(subject, kp.getPublic(), subject, kp.getPrivate(), validity, true, name));
    }

    public static Credential issue(Credential ca, String memberName, Duration validity) {
        KeyPair kp = ecKeys();
        return new Credential(kp, certify(ca, memberName, kp.getPublic(), validity));
    }

    /** Host names (DNS) and IP addresses as subject alternative names; anything else is refused. */
    static GeneralName[] hostNames(java.util.List<String> hosts) {
        GeneralName[] out = new GeneralName[hosts.size()];
        for (int i = 0; i < out.length; i++) {
            String h = hosts.get(i).trim();
            if (h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || h.contains(":") && h.matches("[0-9a-fA-F:]+")) {
                out[i] = new GeneralName(GeneralName.iPAddress, h);
            } else if (h.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*")) {
                out[i] = new GeneralName(GeneralName.dNSName, h);
            } else {
                throw new IllegalArgumentException("'" + h + "' is neither a host name nor an IP address");
            }
        }
        return out;
    }

    /** A DNS name or IP address as text (IPs from their encoded octets). */
    private static String hostText(GeneralName g) {
        if (g.getTagNo() == GeneralName.iPAddress) {
            byte[] b = org.bouncycastle.asn1.DEROctetString.getInstance(g.getName()).getOctets();
            try {
                return java.net.InetAddress.getByAddress(b).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return java.util.HexFormat.of().formatHex(b);
            }
        }
        return g.getName().toString();
    }

    /** The host names and addresses a request asks for (its extension request's subject alternative names). */
    private static java.util.List<GeneralName> requestedHosts(org.bouncycastle.pkcs.PKCS10CertificationRequest req, Path file)
            throws IOException {
        java.util.List<GeneralName> out = new java.util.ArrayList<>();
        for (var attr : req.getAttributes(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            var exts = org.bouncycastle.asn1.x509.Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
            GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
            if (names == null) {
                continue;
            }
            for (GeneralName g : names.getNames()) {
                if (g.getTagNo() != GeneralName.dNSName && g.getTagNo() != GeneralName.iPAddress) {
                    throw new IOException(file + ": the request asks for a name other than a host name or an IP address");
                }
                out.add(g);
            }
        }
        return out;
    }

    /** A certificate for {@code memberName} on an existing public key (a renewal that keeps the member's key). */
    public static X509Certificate certify(Credential ca, String memberName, java.security.PublicKey key, Duration validity) {
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return build(new X500Name("CN=" + memberName), key, issuer, ca.keys().getPrivate(), validity, false, memberName);
    }

    private static X509Certificate build(X500Name subject, java.security.PublicKey subjectKey, X500Name issuer, PrivateKey signer,
            Duration validity, boolean ca, String dnsName) {
        return build(subject, subjectKey, issuer, signer, validity, ca, dnsName, java.util.List.of());
    }

    private static X509Certificate build(X500Name subject, java.security.PublicKey subjectKey, X500Name issuer, PrivateKey signer,
            Duration validity, boolean ca, String dnsName, java.util.List<GeneralName> extraNames) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(96, RANDOM),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, subjectKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                java.util.List<GeneralName> names = new java.util.ArrayList<>(java.util.List.of(
                        new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
                names.addAll(extraNames);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            ContentSigner s = new JcaContentSignerBuilder(signatureAlgorithm(signer.getAlgorithm())).build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build certificate for " + subject, e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    /** The certificate's subject CN. */
    public static String commonName(X509Certificate cert) {
        try {
            X500Name name = new JcaX509CertificateHolder(cert).getSubject();
            RDN[] cn = name.getRDNs(BCStyle.CN);
            return cn.length == 0 ? "" : IETFUtils.valueToString(cn[0].getFirst().getValue());
        } catch (GeneralSecurityException e) {
            return "";
        }
    }

    public static void writeCertificate(X509Certificate cert, Path file) throws IOException {
        try {
            Files.writeString(file, pem("CERTIFICATE", cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode certificate", e);
        }
    }

    /** Writes the private key as PKCS#8 PEM, readable by the owner only where the file system allows. */
    public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
        writeOwnerOnly(pem("PRIVATE KEY", key.getEncoded()), file);
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a PEM private key in any of the usual forms: PKCS#8 ({@code PRIVATE KEY}), SEC1 EC
     * ({@code EC PRIVATE KEY}) or PKCS#1 RSA ({@code RSA PRIVATE KEY}); encrypted keys are refused (decrypt them
     * first: the node has no passphrase to ask for).
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        Object o;
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(file))) {
            o = parser.readObject();
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a PEM private key (PKCS#8, SEC1 EC or PKCS#1 RSA): " + e.getMessage(), e);
        }
        try {
            org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter conv = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return conv.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public key
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a usable private key: " + e.getMessage(), e);
        }
        if (o instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair || o instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo) {
            throw new IOException(file + ": an encrypted private key; store it unencrypted, readable by the node's user only");
        }
        throw new IOException(file + ": not a PEM private key (PKCS#8, SEC1 EC or PKCS#1 RSA)");
    }

    /** Every certificate of a PEM file, in order (a member's certificate first, then its intermediates). */
    public static java.util.List<X509Certificate> readCertificateChain(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            java.util.List<X509Certificate> out = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": no PEM certificate in it");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** A fresh EC P-256 key pair for a member (made where the member keeps it). */
    public static KeyPair newKeyPair() {
        return ecKeys();
    }

    /** A certificate signing request for {@code memberName} (CN), signed with the member's own key. */
    public static String certificateRequestPem(KeyPair keys, String memberName) {
        return certificateRequestPem(keys, memberName, java.util.List.of());
    }

    /**
     * As above, also asking for the host names and IP addresses the member's node is reached at (its API's, for
     * clients that check the server's name); the CA copies them into the certificate.
     */
    public static String certificateRequestPem(KeyPair keys, String memberName, java.util.List<String> hosts) {
        try {
            var builder = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + memberName),
                    keys.getPublic());
            if (!hosts.isEmpty()) {
                var ext = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(hostNames(hosts)));
                builder.addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            }
            org.bouncycastle.pkcs.PKCS10CertificationRequest req = builder
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(keys.getPrivate().getAlgorithm())).build(keys.getPrivate()));
            return pem("CERTIFICATE REQUEST", req.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build a certificate request for " + memberName, e);
        }
    }

    /**
     * The CA's side of a request: checks the request's own signature (its sender holds the key) and issues a member
     * certificate for the CN it names; the CA never sees the member's private key.
     */
    public static X509Certificate signRequest(Credential ca, Path requestFile, Duration validity) throws IOException {
        return signRequest(ca, requestFile, validity, null);
    }

    /**
     * As above; {@code hosts} lists the host names and addresses the CA's operator confirms for the member: the
     * request's must be exactly these (null: the request may ask for none).
     */
    public static X509Certificate signRequest(Credential ca, Path requestFile, Duration validity, java.util.List<String> hosts)
            throws IOException {
        org.bouncycastle.pkcs.PKCS10CertificationRequest req;
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(requestFile))) {
            Object o = parser.readObject();
            if (!(o instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest r)) {
                throw new IOException(requestFile + ": not a PEM certificate request (CERTIFICATE REQUEST)");
            }
            req = r;
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException(requestFile + ": not a PEM certificate request: " + e.getMessage(), e);
        }
        try {
            var jreq = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(req);
            if (!req.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().build(jreq.getPublicKey()))) {
                throw new IOException(requestFile + ": the request's signature does not verify (altered, or not made with its key)");
            }
            RDN[] cn = req.getSubject().getRDNs(BCStyle.CN);
            String name = cn.length == 0 ? "" : IETFUtils.valueToString(cn[0].getFirst().getValue());
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IOException(requestFile + ": the request names \"" + name + "\"; expected a member name (letters, digits, . _ -)");
            }
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            java.util.List<GeneralName> asked = requestedHosts(req, requestFile);
            java.util.Set<String> askedNames = new java.util.TreeSet<>();
            asked.forEach(gn -> askedNames.add(hostText(gn)));
            java.util.Set<String> confirmed = new java.util.TreeSet<>(hosts == null ? java.util.List.of() : hosts);
            if (!askedNames.equals(confirmed)) {
                throw new IOException(requestFile + ": the request asks for the host names " + askedNames + "; confirm exactly "
                        + "those with --host (given: " + confirmed + ")");
            }
            return build(new X500Name("CN=" + name), jreq.getPublicKey(), issuer, ca.keys().getPrivate(), validity, false, name,
                    asked);
        } catch (GeneralSecurityException | OperatorCreationException | org.bouncycastle.pkcs.PKCSException | RuntimeException e) {
            throw new IOException(requestFile + ": cannot sign the request: " + e.getMessage(), e);
        }
    }

    /** Days until the certificate expires (negative when it has). */
    public static long daysLeft(X509Certificate cert) {
        return Duration.between(Instant.now(), cert.getNotAfter().toInstant()).toDays();
    }

    /** The certificate in PEM form. */
    public static String certificatePem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
        }
    }

    /** The signature algorithm for keys of {@code keyAlgorithm} ("EC", "RSA", "Ed25519", ...), SHA-256 where it applies. */
    public static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> keyAlgorithm; // Ed25519, Ed448
        };
    }

    /** Whether {@code key} is the private key of {@code cert} (it signs what the certificate's public key verifies). */
    public static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        try {
            byte[] probe = "mpc-node key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.security.Signature s = java.security.Signature.getInstance(signatureAlgorithm(key.getAlgorithm()));
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            java.security.Signature v = java.security.Signature.getInstance(signatureAlgorithm(key.getAlgorithm()));
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The private key as PKCS#8 PEM (for in-memory TLS configuration; never logged). */
    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Writes a PEM text to a new file created readable by the owner only (where the file system has POSIX permissions:
     * the mode is set at creation, so the key is never readable by others, even for an instant).
     */
    public static void writeOwnerOnly(String text, Path file) throws IOException {
        Files.deleteIfExists(file);
        java.util.Set<java.nio.file.OpenOption> opts = java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.SeekableByteChannel opened;
        try {
            opened = Files.newByteChannel(file, opts, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            opened = Files.newByteChannel(file, opts);
        }
        try (java.nio.channels.SeekableByteChannel ch = opened) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
    }

    /** The SHA-256 of a public key's encoding, hex: what a member and the CA's operator compare out of band. */
    public static String keyFingerprint(java.security.PublicKey key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String pem(String type, byte[] der) {
        StringWriter w = new StringWriter();
        w.write("-----BEGIN " + type + "-----\n");
        w.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der));
        w.write("\n-----END " + type + "-----\n");
        return w.toString();
    }
}
