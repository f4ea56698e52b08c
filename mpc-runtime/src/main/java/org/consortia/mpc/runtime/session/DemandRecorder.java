package org.consortia.mpc.runtime.session;

import java.util.ArrayList;
import java.util.List;

import org.consortia.mpc.protocols.net.CorrelatedSource;
import org.consortia.mpc.protocols.net.SilentChannel;
import org.consortia.mpc.sharing.dealer.Demand;
import org.consortia.mpc.sharing.dealer.Derivation;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * Demand discovery: a dry run of the program against this source and a {@link #channel silent channel}
 * records every item of correlated randomness and every input the program will ask for, in order.
 */
public final class DemandRecorder implements CorrelatedSource {
    private final List<Request> items = new ArrayList<>();
    private final List<Demand.InputItem> inputs = new ArrayList<>();

    @Override
    public Material next(Request request) {
        items.add(request);
        return zeros(request);
    }

    @Override
    public long[] inputMask(int owner, int len) {
        inputs.add(new Demand.InputItem(owner, len));
        return new long[len];
    }

    public Demand demand() {
        return new Demand(items, inputs);
    }

    static Material zeros(Request request) {
        return switch (request) {
            case Request.Triple t -> new Material.TripleShare(t, new long[t.size()], new long[t.size()], new long[t.size()]);
            case Request.MatrixTriple t -> new Material.TripleShare(t, new long[t.m() * t.k()], new long[t.k() * t.n()],
                    new long[t.m() * t.n()]);
            case Request.ConvTriple t -> new Material.TripleShare(t, new long[t.conv().inputSize()],
                    new long[t.conv().weightSize()], new long[t.conv().outSize()]);
            case Request.TruncPair t -> new Material.TruncShare(t, new long[t.size()], new long[t.size()], new long[t.size()]);
            case Request.TruncMatTriple t -> new Material.TruncMatShare(t, new long[t.k() * t.n()],
                    new long[t.k() * t.n()], new long[t.k() * t.n()], new long[t.m() * t.k()], new long[t.m() * t.n()],
                    new long[t.m() * t.k() * t.n()]);
            case Request.AndTriple t -> new Material.AndShare(t, new long[t.words()], new long[t.words()], new long[t.words()]);
            case Request.MaskWithBits t -> new Material.MaskShare(t, new long[t.size()], new long[t.size()]);
            case Request.MaskWithCodes t -> {
                int products = t.product() ? t.size() : 0;
                yield new Material.CodeMaskShare(t, new long[t.size()], new long[t.size()], new long[t.codeWords()],
                        new long[Derivation.packedWords(products)], new long[products], new long[products]);
            }
            case Request.RandomBits t -> new Material.BitShare(t, new long[t.size()], new long[Derivation.packedWords(t.size())]);
            case Request.SignMask t -> new Material.SignMaskShare(t, new long[t.size()],
                    new long[(t.degree() + 1) * t.size()], new long[(t.degree() - 1) * t.size()],
                    new long[t.shift() > 0 ? 2 * t.size() : 0], new long[2 * t.size()]);
            case Request.SignKey t -> new Material.SignKeyShare(t, new long[0]); // a dry run evaluates no key
        };
    }

    /** The dry run's channel ({@link SilentChannel}: sends nowhere, receives zeros, notes a reveal). */
    public static SilentChannel channel(int self, int parties) {
        return new SilentChannel(self, parties);
    }
}
