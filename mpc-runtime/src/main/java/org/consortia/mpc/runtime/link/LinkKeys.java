package org.consortia.mpc.runtime.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The canonical form a key is hashed in, the same at every member whatever its source wrote: a number as its shortest
 * decimal (an integral one without a fraction: {@code 7}, {@code 7.0} and {@code 7.00} are one key), a string trimmed,
 * Unicode-NFC-normalised and lower-cased; several key columns joined by a unit separator. The hash is SHA-256 under the
 * domain {@code mpc-link/v1}: 32 bytes, a Curve25519 u-coordinate.
 */
public final class LinkKeys {
    private LinkKeys() {
    }

    /** The canonical form of a number. */
    public static String canonical(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("a key is not a finite number");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** The canonical form of a string. */
    public static String canonical(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** The hash of a canonical key (several columns already joined with {@code \\u001f}). */
    public static byte[] hash(String canonical) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("mpc-link/v1\u0000".getBytes(StandardCharsets.UTF_8));
            return d.digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 60 bits of the key's hash, as a non-negative number: the key a secret join compares. */
    public static long key60(String canonical) {
        byte[] h = hash(canonical);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (h[i] & 0xff);
        }
        return v >>> 4;
    }
}
