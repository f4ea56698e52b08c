package org.consortia.mpc.protocols.plain;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Ring;

/**
 * The plaintext reference backend: the same ring and fixed-point arithmetic on plain values, with exact
 * floor truncation. It simulates all parties at once (as party 0), so every input must be supplied; it is
 * the debugging and testing reference for the secure backend and never touches a network.
 */
public final class PlainBackend implements Backend {
    private final int parties;
    private final FixedPoint fixedPoint;

    public PlainBackend(int parties, FixedPoint fixedPoint) {
        if (parties < 1) {
            throw new MpcArgumentException("parties = " + parties + " must be >= 1");
        }
        this.parties = parties;
        this.fixedPoint = fixedPoint;
    }

    @Override
    public int party() {
        return 0;
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public boolean readsInputOf(int owner) {
        return true;
    }

    @Override
    public FixedPoint fixedPoint() {
        return fixedPoint;
    }

    @Override
    public long[] inputShare(int owner, long[] valuesAtOwner, int len) {
        MpcArgumentException.checkParty(owner, parties, "input owner");
        if (valuesAtOwner == null || valuesAtOwner.length != len) {
            throw new MpcArgumentException("plaintext backend simulates every party: input of owner " + owner
                    + " needs " + len + " values");
        }
        return valuesAtOwner.clone();
    }

    @Override
    public long[] publicShare(long[] constant) {
        return constant.clone();
    }

    @Override
    public long[] addPublic(long[] share, long[] constant) {
        return Ring.add(share, constant);
    }

    @Override
    public long[] bilinear(long[] x, long[] y, Bilinear op) {
        return op.apply(x, y);
    }

    @Override
    public long[] truncate(long[] x, int bits) {
        return Ring.shiftRightArithmetic(x, bits);
    }

    @Override
    public long[] lessThanZero(long[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] >>> 63;
        }
        return out;
    }

    @Override
    public long[] equalsZero(long[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] == 0 ? 1 : 0;
        }
        return out;
    }

    @Override
    public long[] toBits(long[] x) {
        return x.clone();
    }

    @Override
    public long[] openBits(long[] bits) {
        return bits.clone();
    }

    @Override
    public long[] open(long[] x) {
        return x.clone();
    }

    @Override
    public long[] openTo(int receiver, long[] x) {
        MpcArgumentException.checkParty(receiver, parties, "receiver");
        return x.clone();
    }

    @Override
    public PartyChannel.Scope operation(String name) {
        return () -> { };
    }

    @Override
    public String toString() {
        return "PlainBackend[parties=" + parties + ", " + fixedPoint + "]";
    }
}
