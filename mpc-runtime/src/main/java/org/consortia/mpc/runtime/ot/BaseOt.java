package org.consortia.mpc.runtime.ot;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Base oblivious transfers: Chou and Orlandi, "The Simplest Protocol for Oblivious Transfer" (LATINCRYPT 2015), on
 * Curve25519 (BouncyCastle's custom curve), semi-honest. The sender draws a and sends A = aG; for each transfer i the
 * receiver with choice c draws b and sends B = bG (c = 0) or A + bG (c = 1), and keeps H(i, A, B, bA); the sender
 * keeps H(i, A, B, aB) and H(i, A, B, a(B - A)). Keys are 16 bytes (SHA-256 truncated).
 */
public final class BaseOt {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("curve25519");
    /** Fixed-base products (G, and the sender's A for all of a receiver's transfers), with a table per base point. */
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();
    /** A point's compressed encoding: what every base OT message is made of. */
    private static final int POINT_BYTES = CURVE.getG().getEncoded(true).length;

    private BaseOt() {
    }

    /** The sender's side of {@code count} transfers: for each, the two keys. */
    public static byte[][][] send(OtLink link, int count, SecureRandom random) {
        BigInteger a = scalar(random);
        ECPoint big = CURVE.getG().multiply(a).normalize();
        byte[] aBytes = big.getEncoded(true);
        link.send(Bits.words(aBytes));
        int len = POINT_BYTES;
        byte[] bs = receiveBytes(link, count * len);
        byte[][][] keys = new byte[count][2][];
        ECPoint minusAa = big.multiply(a).negate(); // a(B - A) = aB - aA: one variable-base product per transfer
        for (int i = 0; i < count; i++) {
            byte[] enc = java.util.Arrays.copyOfRange(bs, i * len, (i + 1) * len);
            ECPoint aB = point(link, enc).multiply(a);
            keys[i][0] = key(i, aBytes, enc, aB);
            keys[i][1] = key(i, aBytes, enc, aB.add(minusAa));
        }
        return keys;
    }

    /** The receiver's side: the key of each chosen message. */
    public static byte[][] receive(OtLink link, boolean[] choices, SecureRandom random) {
        byte[] aBytes = receiveBytes(link, POINT_BYTES);
        ECPoint big = point(link, aBytes);
        int len = aBytes.length;
        byte[] out = new byte[choices.length * len];
        BigInteger[] b = new BigInteger[choices.length];
        byte[][] encs = new byte[choices.length][];
        for (int i = 0; i < choices.length; i++) {
            b[i] = scalar(random);
            ECPoint p = COMB.multiply(CURVE.getG(), b[i]);
            if (choices[i]) {
                p = p.add(big);
            }
            encs[i] = p.normalize().getEncoded(true);
            System.arraycopy(encs[i], 0, out, i * len, len);
        }
        link.send(Bits.words(out));
        byte[][] keys = new byte[choices.length][];
        for (int i = 0; i < choices.length; i++) {
            keys[i] = key(i, aBytes, encs[i], COMB.multiply(big, b[i])); // A is every transfer's base: precomputed once
        }
        return keys;
    }

    /**
     * A message of exactly {@code bytes} bytes packed by {@link Bits#words}: the link refuses any other number of words,
     * and a byte count other than {@code bytes} in its first word is the peer's error too.
     */
    private static byte[] receiveBytes(OtLink link, int bytes) {
        long[] w = link.receive(Bits.wordsFor(bytes));
        if (w[0] != bytes) {
            throw link.malformed("base OT: a message of " + w[0] + " bytes where this step expects " + bytes);
        }
        return Bits.unwords(w);
    }

    /** The curve point the peer encoded; an encoding of none is the peer's error. */
    private static ECPoint point(OtLink link, byte[] encoded) {
        try {
            return CURVE.getCurve().decodePoint(encoded);
        } catch (IllegalArgumentException e) {
            throw link.malformed("base OT: a point that is not on the curve");
        }
    }

    private static BigInteger scalar(SecureRandom random) {
        BigInteger n = CURVE.getN();
        BigInteger x;
        do {
            x = new BigInteger(n.bitLength(), random);
        } while (x.signum() == 0 || x.compareTo(n) >= 0);
        return x;
    }

    private static byte[] key(int i, byte[] a, byte[] b, ECPoint shared) {
        try {
            MessageDigest h = MessageDigest.getInstance("SHA-256");
            h.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            h.update(a);
            h.update(b);
            h.update(shared.normalize().getEncoded(true));
            return java.util.Arrays.copyOf(h.digest(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
