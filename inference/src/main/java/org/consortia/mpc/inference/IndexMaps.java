package org.consortia.mpc.inference;

/**
 * The local data movements of the shape layers as index maps over a batch of samples (row-major, each sample of
 * batch-free shape {@code dims}): the secure evaluator applies them to shares, the plaintext one to values, so both
 * move data the same way.
 */
final class IndexMaps {
    private IndexMaps() {
    }

    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** For each output element of {@link Layer.Select}, its index in the input. */
    static int[] select(int batch, int[] dims, int axis, int[] indices) {
        int outer = batch;
        for (int k = 0; k < axis; k++) {
            outer *= dims[k];
        }
        int inner = 1;
        for (int k = axis + 1; k < dims.length; k++) {
            inner *= dims[k];
        }
        int[] out = new int[outer * indices.length * inner];
        int t = 0;
        for (int o = 0; o < outer; o++) {
            for (int i : indices) {
                int base = (o * dims[axis] + i) * inner;
                for (int q = 0; q < inner; q++) {
                    out[t++] = base + q;
                }
            }
        }
        return out;
    }

    static int[] selectDims(int[] dims, int axis, int[] indices) {
        int[] out = dims.clone();
        out[axis] = indices.length;
        return out;
    }

    /**
     * The input indices of {@link Layer.ReduceSum} grouped: row r of the result (one per output element, in output
     * order) lists the {@code group} input elements it sums, so taking these indices gives [outputs, group].
     */
    static int[] reduce(int batch, int[] dims, int[] axes) {
        boolean[] reduced = new boolean[dims.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int r = dims.length;
        int[] stride = new int[r];
        int st = 1;
        for (int i = r - 1; i >= 0; i--) {
            stride[i] = st;
            st *= dims[i];
        }
        int per = st;
        int group = 1;
        for (int a = 0; a < r; a++) {
            group *= reduced[a] ? dims[a] : 1;
        }
        int kept = per / group;
        int[] out = new int[batch * per];
        int[] pos = new int[r];
        for (int o = 0; o < kept; o++) { // kept positions in row-major order, reduced positions inside
            int base = 0;
            for (int a = 0; a < r; a++) {
                base += reduced[a] ? 0 : pos[a] * stride[a];
            }
            int[] rp = new int[r];
            for (int g = 0; g < group; g++) {
                int off = base;
                for (int a = 0; a < r; a++) {
                    off += reduced[a] ? rp[a] * stride[a] : 0;
                }
                for (int b = 0; b < batch; b++) {
                    out[(b * kept + o) * group + g] = b * per + off;
                }
                for (int a = r - 1; a >= 0; a--) {
                    if (reduced[a]) {
                        if (++rp[a] < dims[a]) {
                            break;
                        }
                        rp[a] = 0;
                    }
                }
            }
            for (int a = r - 1; a >= 0; a--) {
                if (!reduced[a]) {
                    if (++pos[a] < dims[a]) {
                        break;
                    }
                    pos[a] = 0;
                }
            }
        }
        return out;
    }

    static int[] reduceDims(int[] dims, int[] axes) {
        int[] out = dims.clone();
        for (int a : axes) {
            out[a] = 1;
        }
        return out;
    }

    /** [..., M, K] x [..., K, N] -> [..., M, N]. */
    static int[] matmulDims(int[] a, int[] b) {
        int[] out = a.clone();
        out[out.length - 1] = b[b.length - 1];
        return out;
    }

    /** [..., K] -> [..., M] for weights [K, M]. */
    static int[] denseDims(int[] in, int m) {
        int[] out = in.clone();
        out[out.length - 1] = m;
        return out;
    }

    /**
     * For each element of a sample of shape {@code dims}, the index of the constant of shape {@code cdims} (numpy
     * broadcasting, aligned on the last axes) that meets it.
     */
    static int[] broadcast(int[] dims, int[] cdims) {
        int r = dims.length;
        int off = r - cdims.length;
        int[] cstride = new int[cdims.length];
        int st = 1;
        for (int i = cdims.length - 1; i >= 0; i--) {
            cstride[i] = cdims[i] == 1 ? 0 : st;
            st *= cdims[i];
        }
        int n = size(dims);
        int[] out = new int[n];
        int[] pos = new int[r];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = 0; k < cdims.length; k++) {
                c += pos[off + k] * cstride[k];
            }
            out[i] = c;
            for (int k = r - 1; k >= 0; k--) {
                if (++pos[k] < dims[k]) {
                    break;
                }
                pos[k] = 0;
            }
        }
        return out;
    }

    /** Whether a constant of shape {@code cdims} broadcasts into {@code dims} without growing it. */
    static boolean broadcastsInto(int[] cdims, int[] dims) {
        if (cdims.length > dims.length) {
            return false;
        }
        for (int k = 0; k < cdims.length; k++) {
            int d = dims[dims.length - cdims.length + k];
            if (cdims[k] != 1 && cdims[k] != d) {
                return false;
            }
        }
        return true;
    }

    /** For each element of the padded sample, its index in the input sample, or -1 for a padding entry. */
    static int[] pad(int[] dims, int[] before, int[] after) {
        int r = dims.length;
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = dims[i] + before[i] + after[i];
        }
        int[] stride = new int[r];
        int st = 1;
        for (int i = r - 1; i >= 0; i--) {
            stride[i] = st;
            st *= dims[i];
        }
        int n = size(out);
        int[] idx = new int[n];
        int[] pos = new int[r];
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int k = 0; k < r && src >= 0; k++) {
                int p = pos[k] - before[k];
                src = p < 0 || p >= dims[k] ? -1 : src + p * stride[k];
            }
            idx[i] = src;
            for (int k = r - 1; k >= 0; k--) {
                if (++pos[k] < out[k]) {
                    break;
                }
                pos[k] = 0;
            }
        }
        return idx;
    }
}
