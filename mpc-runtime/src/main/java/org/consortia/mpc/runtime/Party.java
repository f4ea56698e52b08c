package org.consortia.mpc.runtime;

import org.consortia.mpc.protocols.Backend;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;

/**
 * The researcher's handle on one party of a session: who am I, and the constructors of secret tensors.
 * Everything else is on {@link SecretTensor}: {@code party.input(0, shape, x).matmul(w).add(b).revealTo(1)}.
 */
public final class Party {
    private final Backend backend;

    public Party(Backend backend) {
        this.backend = backend;
    }

    public int id() {
        return backend.party();
    }

    public int parties() {
        return backend.parties();
    }

    public FixedPoint fixedPoint() {
        return backend.fixedPoint();
    }

    /** Fixed-point input from {@code owner}; {@code values} are read on the owner only. */
    public SecretTensor input(int owner, Shape shape, double[] values) {
        return backend.input(owner, shape, values);
    }

    /** Integer input from {@code owner}. */
    public SecretTensor inputIntegers(int owner, Shape shape, long[] values) {
        return backend.inputIntegers(owner, shape, values);
    }

    /** A public constant. */
    public SecretTensor constant(Shape shape, double[] values) {
        return backend.constant(shape, values);
    }

    /**
     * Fails the job with {@code message} unless {@code condition} holds. Use it for checks on revealed values:
     * the dry run that discovers the job's demand sees revealed values as zeros, so it skips the check and
     * follows the path on which the job continues.
     */
    public void require(boolean condition, String message) {
        if (!condition && !backend.dryRun()) {
            throw new IllegalStateException(message);
        }
    }

    public Backend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return "Party[" + id() + "/" + parties() + "]";
    }
}
