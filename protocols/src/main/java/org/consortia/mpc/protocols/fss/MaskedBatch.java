package org.consortia.mpc.protocols.fss;

import java.util.function.IntFunction;

import org.consortia.mpc.protocols.arith.Open;
import org.consortia.mpc.protocols.arith.PartyContext;
import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * What every FSS gate starts with: a batch's masks taken in chunks of {@link FssSign#KEY_CHUNK} elements, the whole
 * batch opened in one round (x + r, plus a public offset at party 0), then each chunk's keys taken one chunk at a time
 * (the key items follow all the mask items, so a key's mask is {@code chunks} items back), so that a batch holds the
 * keys of one chunk only.
 */
final class MaskedBatch {
    final Material.SignMaskShare[] masks;
    final long[] open;
    final int n;

    private MaskedBatch(Material.SignMaskShare[] masks, long[] open) {
        this.masks = masks;
        this.open = open;
        this.n = open.length;
    }

    /** Refuses a session that is not two parties (the gates' keys are pairs). */
    static void requireTwoParties(PartyContext ctx, String what) {
        if (ctx.parties() != 2) {
            throw new MpcArgumentException("FSS " + what + " run between 2 parties, not " + ctx.parties());
        }
    }

    /** Masks of the given kind for {@code x}'s chunks, and the opening of x + r (+ {@code offset} at party 0). */
    static MaskedBatch open(PartyContext ctx, long[] x, long offset, IntFunction<Request.SignMask> mask) {
        int n = x.length;
        int chunks = (n + FssSign.KEY_CHUNK - 1) / FssSign.KEY_CHUNK;
        Material.SignMaskShare[] masks = new Material.SignMaskShare[chunks];
        long[] masked = new long[n];
        long add = ctx.self() == 0 ? offset : 0;
        for (int c = 0; c < chunks; c++) {
            int from = c * FssSign.KEY_CHUNK;
            int size = Math.min(n, from + FssSign.KEY_CHUNK) - from;
            masks[c] = ctx.take(mask.apply(size), Material.SignMaskShare.class);
            long[] r = masks[c].r();
            for (int j = 0; j < size; j++) {
                masked[from + j] = x[from + j] + add + r[j];
            }
        }
        return new MaskedBatch(masks, Open.open(ctx, masked));
    }

    /** What a gate does with one chunk: its elements from {@code from}, its masks and its keys' shared words. */
    interface Chunk {
        void run(int from, int size, Material.SignMaskShare mask, long[] keys);
    }

    /**
     * Takes each chunk's keys in order and runs {@code chunk} on it; a dry run takes the keys and evaluates nothing
     * (its results stay zeros).
     */
    void forEachChunk(PartyContext ctx, Chunk chunk) {
        for (int c = 0; c < masks.length; c++) {
            Material.SignKeyShare key = ctx.take(new Request.SignKey(masks[c].request(), masks.length),
                    Material.SignKeyShare.class);
            if (!ctx.dryRun()) {
                int from = c * FssSign.KEY_CHUNK;
                chunk.run(from, Math.min(n, from + FssSign.KEY_CHUNK) - from, masks[c], key.shared());
            }
        }
    }
}
