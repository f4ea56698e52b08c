package org.consortia.mpc.analyses.stats;

import org.consortia.mpc.protocols.Approx;
import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.ShareRing;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * Secure column standardization of an n x q tensor, nothing revealed:
 * <pre>
 *   mu~ = colsum / n                 1/n is a public constant with few significant bits for large n, so mu~ is
 *   d   = (x - mu~) c, c ~ 1/sqrt(n)  approximate; delta = sum(d) c = mean - mu~ (up to c's rounding, on a small
 *   e   = d - delta c                 value) recentres exactly: e = (x - mean) c
 *   var = colsum(e^2), s = 1/sqrt(var), z = e s    so that z'z is the correlation matrix, whatever c's error
 * </pre>
 * Raw values up to ~4e4 and variances in [2^-24, 2^24) (2^(62-2f) bounds every product). A feature with a
 * standard deviation of 0.003 has a variance of 1e-5, which needs 24 fractional bits to keep 1 % precision;
 * with 16 bits its squares round to a unit or two each.
 */
public record Standardization(SecretTensor z, SecretTensor mean, SecretTensor invSd, SecretTensor var, double rowScale) {

    public static Standardization of(SecretTensor x) {
        Backend be = x.backend();
        int n = x.shape().rows();
        int q = x.shape().cols();
        int f = be.fixedPoint().fracBits();
        double c = 1.0 / Math.sqrt(n);
        SecretTensor approx = x.sum(0).mul(1.0 / n);
        SecretTensor d = x.sub(broadcast(approx, n)).mul(c);
        SecretTensor delta = d.sum(0).mul(c);
        SecretTensor e = d.sub(broadcast(delta.mul(c), n));
        SecretTensor var = e.mul(e).sum(0);
        SecretTensor inv = SecretTensor.fromShare(be, Shape.vector(q), Approx.rsqrtWide(be, var.share(), f), f);
        return new Standardization(e.mul(broadcast(inv, n)), approx.add(delta), inv, var, Math.sqrt(n));
    }

    /** The standardized rows themselves, (x - mean) / sd: z times sqrt(n). */
    public SecretTensor rows() {
        return z.mul(rowScale);
    }

    /** An n x q tensor whose every row is {@code v} (whole elements of the backend's ring, whatever their width). */
    static SecretTensor broadcast(SecretTensor v, int n) {
        long[] s = v.share();
        ShareRing r = v.backend().ring();
        return SecretTensor.fromShare(v.backend(), Shape.matrix(n, r.size(s)), r.repeat(s, n), v.scale());
    }
}
