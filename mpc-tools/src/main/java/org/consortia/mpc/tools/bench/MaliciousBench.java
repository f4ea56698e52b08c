package org.consortia.mpc.tools.bench;

import java.util.List;

import org.consortia.mpc.protocols.auth.AuthBackend;
import org.consortia.mpc.protocols.auth.AuthRing;
import org.consortia.mpc.protocols.auth.MacCheck;
import org.consortia.mpc.runtime.JointProgram;

/**
 * {@code --security malicious}: the op's own program (the same inputs, shapes and kernels as its semi-honest line) on
 * authenticated shares ({@link AuthBackend}) through the same session layer a node runs (the dealer's seeds and
 * authenticated corrections streamed over the transport in the offline column), plus a MAC check of every value opened
 * before the result shares are taken. Each op's line follows its semi-honest one with {@code "security":"malicious"}.
 */
final class MaliciousBench {
    /** The ops measured in malicious mode so far. */
    static final List<String> OPS = List.of("mul", "matmul128", "matmul256", "relu", "sigmoid", "maxpool", "argmax", "lenet1",
            "linreg_train");
    /** Ops whose program returns values it revealed (to one party: the harness sums the parties' arrays), not shares. */
    private static final List<String> REVEALED = List.of("linreg_train");

    /** What a malicious line adds to the op's JSON. */
    static final String MARK = ",\"security\":\"malicious\"";

    private MaliciousBench() {
    }

    /**
     * The op's program in either mode: on authenticated shares it checks every value opened, then returns the value
     * words of the result's shares (the 64-bit ring shares the semi-honest program returns), or what it revealed.
     */
    static JointProgram<long[]> program(BenchOp op) {
        JointProgram<long[]> inner = op.program();
        return party -> {
            long[] z = inner.run(party);
            if (party.backend() instanceof AuthBackend a) {
                MacCheck.run(a.session(), "compute");
                return REVEALED.contains(op.name()) ? z : AuthRing.values(z);
            }
            return z;
        };
    }
}
