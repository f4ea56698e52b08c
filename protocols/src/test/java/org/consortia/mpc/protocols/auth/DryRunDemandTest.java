package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.consortia.mpc.protocols.net.SilentChannel;
import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.auth.AuthMaterial;
import org.consortia.mpc.sharing.auth.AuthRequest;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.MacKeyShare;
import org.consortia.mpc.sharing.ring.Conv2d;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demand's dry run skips the kernels' arithmetic (its openings are zeros): it must still ask for exactly what the
 * real run takes, in order, or a node's prepared material would not match its job. Every kernel with a dry branch, at
 * sizes around its edges (a comparison of 0, 1 and 5 elements and past a mask block; the prefix circuit's shared
 * products; products, matrix products, a convolution, products by an input, truncation), dry and for real.
 */
class DryRunDemandTest {
    private static final Conv2d CONV = new Conv2d(1, 2, 5, 5, 3, 3, 1, 1);

    private static void program(AuthParty p) {
        for (int n : new int[] {0, 1, 5, AuthRequest.MaskBits.BLOCK + 3}) {
            AuthCompare.ltz(p, zeros(n));
        }
        AuthBeaver.multiply(p, zeros(7), zeros(7));
        AuthBeaver.multiplyShared(p, zeros(4), zeros(6));
        AuthBeaver.matmul(p, zeros(2 * 3), zeros(3 * 4), 2, 3, 4);
        AuthBeaver.conv(p, zeros(CONV.inputSize()), zeros(CONV.weightSize()), CONV);
        AuthInput.Announced w = AuthInput.inputAnnounced(p, 0, new long[3 * 4], 3 * 4);
        AuthTruncation.truncate(p, zeros(9), 16);
        AuthBeaver.matmulByInput(p, zeros(2 * 3), AuthRing.unpack(w.packed()), w.d(), 2, 3, 4,
                Math.toIntExact(p.taken() - w.maskItem()));
        long[] packed = new long[4 * 10]; // the packed kernels: a product, a product by the input, a truncation
        AuthBeaver.finishPacked(p, AuthBeaver.startPacked(p, packed, packed, 2, 9));
        long[] x = new long[4 * 12];
        AuthBeaver.finishByInput(p, AuthBeaver.startByInput(p, x, w.maskItem(), 1, 12), w.packed(), w.d());
        AuthTruncation.finishPacked(p, AuthTruncation.startPacked(p, packed, 0, 10, 16));
        if (p.parties() == 2) { // the FSS kernels: signs, ReLUs and splines past a key chunk
            for (int n : new int[] {0, 1, AuthFssSign.KEY_CHUNK + 3}) {
                AuthFssSign.ltz(p, zeros(n));
                AuthFssSign.relu(p, zeros(n));
                AuthFssSpline.evaluate(p, zeros(n), AuthFssSplineTest.spline(3));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aDryRunAsksForWhatTheRealRunTakes(int parties) {
        List<List<AuthRequest>> dry = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            AuthRecorder recorder = new AuthRecorder(i);
            program(AuthParty.dryRun(new SilentChannel(i, parties), recorder));
            dry.add(recorder.demand().items());
        }
        LocalAuthDealer dealer = new LocalAuthDealer(parties);
        List<List<AuthRequest>> real = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            real.add(Collections.synchronizedList(new ArrayList<>()));
        }
        var out = MemoryParties.run(parties, ch -> {
            AuthSource source = dealer.source(ch.self());
            List<AuthRequest> seen = real.get(ch.self());
            program(new AuthParty(ch, new AuthSource() {
                @Override
                public MacKeyShare key() {
                    return source.key();
                }

                @Override
                public AuthMaterial next(AuthRequest request) {
                    seen.add(request);
                    return source.next(request);
                }
            }));
            return null;
        });
        for (int i = 0; i < parties; i++) {
            assertNull(out[i].failure(), "party " + i + " failed: " + out[i].failure());
            assertEquals(real.get(i), dry.get(i), "party " + i + "'s requests, real against dry");
        }
    }

    private static AuthShare zeros(int n) {
        return new AuthShare(new long[2 * n], new long[2 * n]);
    }
}
