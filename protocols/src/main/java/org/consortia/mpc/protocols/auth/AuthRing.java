package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * The layout of authenticated shares in a {@link org.consortia.mpc.protocols.SecretTensor}: four words per element,
 * {@code [value low, value high, MAC low, MAC high]}, so the array read as an interleaved Z_2^128 vector holds the
 * value share of element i at position 2i and its MAC share at 2i + 1. Linear operations act on both alike (a MAC
 * is linear in its value), so every one is one Z_2^128 operation on the whole array.
 */
public final class AuthRing implements ShareRing {
    public static final AuthRing INSTANCE = new AuthRing();

    private AuthRing() {
    }

    @Override
    public int width() {
        return 4;
    }

    @Override
    public long[] add(long[] x, long[] y) {
        return Z128.add(x, y);
    }

    @Override
    public void addInto(long[] acc, long[] x) {
        Z128.addInto(acc, x);
    }

    @Override
    public long[] sub(long[] x, long[] y) {
        return Z128.sub(x, y);
    }

    /** Sum over the middle axis of an [outer, len, inner] array, accumulated in place (values and MACs alike). */
    @Override
    public long[] sumAxis(long[] x, int outer, int len, int inner) {
        int w = 4 * inner; // words of one [inner] row
        if ((long) outer * len * w != x.length) {
            throw new MpcArgumentException("sum over an axis: " + x.length / 4 + " elements for " + outer + " x " + len
                    + " x " + inner);
        }
        long[] out = new long[outer * w];
        for (int o = 0; o < outer; o++) {
            int at = o * w;
            for (int a = 0; a < len; a++) {
                Z128.addInto(out, at, x, (o * len + a) * w, w);
            }
        }
        return out;
    }

    @Override
    public long[] neg(long[] x) {
        return Z128.sub(new long[x.length], x);
    }

    @Override
    public long[] scale(long[] x, long k) {
        return Z128.scale(x, k);
    }

    @Override
    public long[] mul(long[] x, long[] k) {
        if (x.length != 4L * k.length) {
            throw new MpcArgumentException("public product: " + x.length / 4 + " elements and "
                    + k.length + " factors");
        }
        long[] both = new long[2 * k.length]; // each factor for the value and for the MAC
        for (int i = 0; i < k.length; i++) {
            both[2 * i] = k[i];
            both[2 * i + 1] = k[i];
        }
        return Z128.mul(x, Z128.fromSigned(both));
    }

    /** This party's additive shares of the values modulo 2^64 (the low words of its value shares). */
    public static long[] values(long[] x) {
        long[] out = new long[x.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[4 * i];
        }
        return out;
    }

    /** The value and MAC shares of an array in this layout. */
    static AuthShare unpack(long[] x) {
        int n = x.length / 4;
        long[] value = new long[2 * n];
        long[] mac = new long[2 * n];
        for (int i = 0; i < n; i++) {
            value[2 * i] = x[4 * i];
            value[2 * i + 1] = x[4 * i + 1];
            mac[2 * i] = x[4 * i + 2];
            mac[2 * i + 1] = x[4 * i + 3];
        }
        return new AuthShare(value, mac);
    }

    /** An authenticated share in this layout. */
    static long[] pack(AuthShare a) {
        long[] v = a.value();
        long[] m = a.mac();
        int n = v.length / 2;
        long[] x = new long[4 * n];
        for (int i = 0; i < n; i++) {
            x[4 * i] = v[2 * i];
            x[4 * i + 1] = v[2 * i + 1];
            x[4 * i + 2] = m[2 * i];
            x[4 * i + 3] = m[2 * i + 1];
        }
        return x;
    }

    @Override
    public String toString() {
        return "AuthRing[Z_2^128 value and MAC per element]";
    }
}
