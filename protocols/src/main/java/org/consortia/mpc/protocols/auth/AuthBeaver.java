package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;

/**
 * Beaver's products on authenticated shares with authenticated triples: e = open(x - a) and f = open(y - b) in one
 * exchange (both kept for the MAC check), then
 * <pre>
 *   z     = c + e b + a f (+ e f at party 0)
 *   MAC z = MAC c + e MAC b + MAC a f + alpha_i e f
 * </pre>
 * for elementwise products and matrix products alike (the matrix form groups them as E (B + F) + A F and
 * E (MAC B + alpha_i F) + MAC A F: two 128-bit matrix products for the values, two for the MACs). Cost: 1 round, 2
 * words per element of x and y to each peer.
 */
public final class AuthBeaver {
    private AuthBeaver() {
    }

    /** Elementwise x * y (no truncation). */
    public static AuthShare multiply(AuthParty party, AuthShare x, AuthShare y) {
        int n = x.size();
        if (y.size() != n) {
            throw new MpcArgumentException("authenticated product: operands of " + n + " and " + y.size() + " elements");
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.Triple(n), AuthMaterial.Triple.class);
        long[][] ef = openMasked(party, x, y, t);
        long[] e = ef[0];
        long[] f = ef[1];
        long[] ab = Z128.mul(e, f);
        long[] value = t.c().value().clone();
        Z128.mulAddInto(value, e, t.b().value());
        Z128.mulAddInto(value, t.a().value(), f);
        if (party.self() == 0) {
            Z128.addInto(value, ab);
        }
        long[] mac = t.c().mac().clone();
        Z128.mulAddInto(mac, e, t.b().mac());
        Z128.mulAddInto(mac, t.a().mac(), f);
        Z128.addInto(mac, party.key().times(ab));
        return new AuthShare(party.tamper().apply(Tamper.Point.PRODUCT, -1, value), mac);
    }

    /** X·Y for X {@code m x k} and Y {@code k x n} (row-major, no truncation). */
    public static AuthShare matmul(AuthParty party, AuthShare x, AuthShare y, int m, int k, int n) {
        if (x.size() != (long) m * k || y.size() != (long) k * n) {
            throw new MpcArgumentException("authenticated matrix product: " + x.size() + " and " + y.size()
                    + " elements for " + m + "x" + k + " times " + k + "x" + n);
        }
        AuthMaterial.Triple t = party.take(new AuthRequest.MatrixTriple(m, k, n), AuthMaterial.Triple.class);
        long[][] ef = openMasked(party, x, y, t);
        long[] e = ef[0];
        long[] f = ef[1];
        long[] value = t.c().value().clone();
        Z128.matmulAddInto(value, e, party.self() == 0 ? Z128.add(t.b().value(), f) : t.b().value(), m, k, n);
        Z128.matmulAddInto(value, t.a().value(), f, m, k, n);
        long[] mac = t.c().mac().clone();
        Z128.matmulAddInto(mac, e, Z128.add(t.b().mac(), party.key().times(f)), m, k, n);
        Z128.matmulAddInto(mac, t.a().mac(), f, m, k, n);
        return new AuthShare(party.tamper().apply(Tamper.Point.MATRIX_PRODUCT, -1, value), mac);
    }

    /** Opens x - a and y - b together; returns {e, f}. */
    private static long[][] openMasked(AuthParty party, AuthShare x, AuthShare y, AuthMaterial.Triple t) {
        AuthShare ex = x.sub(t.a());
        long[] opened = AuthOpen.open(party, ex.concat(y.sub(t.b())));
        int lx = ex.value().length;
        return new long[][] {java.util.Arrays.copyOfRange(opened, 0, lx),
                java.util.Arrays.copyOfRange(opened, lx, opened.length)};
    }
}
