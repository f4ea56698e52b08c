package org.consortia.mpc.runtime.session;

import java.util.ArrayDeque;

import org.consortia.mpc.protocols.net.CorrelatedSource;
import org.consortia.mpc.sharing.MpcException;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Correlated randomness prepared in the offline phase, handed out in program order. The online phase never
 * waits on the dealer: a request that differs from the declared item, or one past the end of the declared
 * demand, is an error naming the item (the program's randomness use depended on data the dry run could not
 * see; declare the demand explicitly for such programs).
 */
public final class PreprocessedSource implements CorrelatedSource {
    private final ArrayDeque<Material> queue;
    private final ArrayDeque<long[]> masks;
    private final ArrayDeque<Demand.InputItem> declaredInputs;
    private long nextIndex;
    private long nextInput;

    public PreprocessedSource(ArrayDeque<Material> prepared, Demand demand, ArrayDeque<long[]> inputMasks) {
        this.queue = prepared;
        this.masks = inputMasks;
        this.declaredInputs = new ArrayDeque<>(demand.inputs());
    }

    @Override
    public long[] inputMask(int owner, int len) {
        Demand.InputItem declared = declaredInputs.poll();
        long index = nextInput++;
        Demand.InputItem asked = new Demand.InputItem(owner, len);
        if (declared == null || !declared.equals(asked)) {
            throw new MpcException("input " + index + " (" + asked + ") does not match the declared demand ("
                    + (declared == null ? "no more inputs" : declared) + ")");
        }
        return masks.poll();
    }

    @Override
    public Material next(Request request) {
        Material m = queue.poll();
        long index = nextIndex++;
        if (m == null) {
            throw new MpcException("correlated randomness exhausted: item " + index + " (" + request
                    + ") was not in the declared demand");
        }
        if (!m.request().equals(request)) {
            throw new MpcException("correlated randomness out of step at item " + index + ": declared " + m.request()
                    + ", requested " + request);
        }
        return m;
    }

    /** Declared items not used. */
    public int unused() {
        return queue.size();
    }
}
