package org.consortia.mpc.runtime.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
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
 * files (keys as unencrypted PKCS#8, readable by the owner only). BouncyCastle builds the certificates: the
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
        return new Credential(kp, build(subject, kp, subject, kp.getPrivate(), validity, true, name));
    }

    public static Credential issue(Credential ca, String memberName, Duration validity) {
        KeyPair kp = ecKeys();
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        return new Credential(kp, build(new X500Name("CN=" + memberName), kp, issuer, ca.keys().getPrivate(), validity,
                false, memberName));
    }

    private static X509Certificate build(X500Name subject, KeyPair kp, X500Name issuer, PrivateKey signer, Duration validity,
            boolean ca, String dnsName) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(96, RANDOM),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
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
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()));
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file);
        String b64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not a PKCS#8 EC private key in PEM", e);
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

    private static String pem(String type, byte[] der) {
        StringWriter w = new StringWriter();
        w.write("-----BEGIN " + type + "-----\n");
        w.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der));
        w.write("\n-----END " + type + "-----\n");
        return w.toString();
    }
}
