package org.consortia.mpc.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.consortia.mpc.sharing.ring.Im2col;

/**
 * An imported model: input name and batch-free input shape, the layers in an order where every layer comes after
 * the layers it reads (a DAG: {@code inputs.get(i)} lists the layers whose outputs layer i reads, -1 for the model's
 * input), the last layer's output being the model's, and the batch-free output shape. {@link #architecture()} is the
 * same model without parameter values: what the other parties need to run the protocol with the model owner.
 */
public record Model(String name, String inputName, int[] inputDims, List<Layer> layers, int[] outputDims,
        List<int[]> inputs) {
    public Model {
        layers = List.copyOf(layers);
        if (inputs == null) { // a chain
            List<int[]> chain = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                chain.add(new int[] {i - 1});
            }
            inputs = chain;
        }
        if (inputs.size() != layers.size()) {
            throw new IllegalArgumentException("model: " + inputs.size() + " input lists for " + layers.size() + " layers");
        }
        List<int[]> copy = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            int[] in = inputs.get(i).clone();
            if (in.length == 0 || in.length > MAX_INPUTS_PER_LAYER) {
                throw new IllegalArgumentException("model: layer " + i + " reads " + in.length + " tensors (1 to "
                        + MAX_INPUTS_PER_LAYER + ")");
            }
            for (int j : in) {
                if (j < -1 || j >= i) {
                    throw new IllegalArgumentException("model: layer " + i + " reads layer " + j + ", which does not come before it");
                }
            }
            copy.add(in);
        }
        inputs = java.util.Collections.unmodifiableList(copy);
    }

    /** The most tensors one layer (a Concat, say) may read. */
    public static final int MAX_INPUTS_PER_LAYER = 64;

    /** A sequential model: each layer reads the previous one. */
    public Model(String name, String inputName, int[] inputDims, List<Layer> layers, int[] outputDims) {
        this(name, inputName, inputDims, layers, outputDims, null);
    }

    /** The layers whose outputs layer {@code i} reads (-1: the model's input). */
    public int[] inputsOf(int i) {
        return inputs.get(i).clone();
    }

    /** Whether every layer reads just the one before it. */
    public boolean sequential() {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).length != 1 || inputs.get(i)[0] != i - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many layers read each layer's output (index 0..n-1), plus one for the last layer (the model's output):
     * the evaluator frees an intermediate tensor once its count drops to zero.
     */
    public int[] consumers() {
        int[] uses = new int[layers.size()];
        for (int[] in : inputs) {
            for (int j : in) {
                if (j >= 0) {
                    uses[j]++;
                }
            }
        }
        if (!layers.isEmpty()) {
            uses[layers.size() - 1]++;
        }
        return uses;
    }

    public int inputSize() {
        return Arrays.stream(inputDims).reduce(1, (a, b) -> a * b);
    }

    public int outputSize() {
        return Arrays.stream(outputDims).reduce(1, (a, b) -> a * b);
    }

    public int parameterCount() {
        int n = 0;
        for (Layer l : layers) {
            for (Layer.Param p : l.params()) {
                n += Arrays.stream(p.dims()).reduce(1, (a, b) -> a * b);
            }
        }
        return n;
    }

    /**
     * The largest tensor one sample passes through, in elements: the input, every layer's output, and the im2col
     * window expansion of convolutions and pooling (what a micro-batch's memory scales with). Walking the shapes
     * also checks that every layer fits what it reads (an announced architecture is untrusted input).
     *
     * @throws IllegalArgumentException naming the layer, when a layer does not fit its inputs or makes an empty axis
     */
    public long peakElementsPerSample() {
        long peak = size(inputDims);
        int[][] out = new int[layers.size()][];
        requirePositive(-1, "input", inputDims);
        for (int i = 0; i < layers.size(); i++) {
            int[] in = inputs.get(i);
            int[][] ds = new int[in.length][];
            for (int k = 0; k < in.length; k++) {
                ds[k] = in[k] < 0 ? inputDims.clone() : out[in[k]].clone();
            }
            int[] d = ds[0];
            Layer l = layers.get(i);
            switch (l) {
                case Layer.Conv c -> {
                    int[] w = c.weight().dims();
                    fit(i, l, d.length == 3 && w.length == 4 && d[0] == w[1] * c.groups() && w[0] % c.groups() == 0
                            && w[2] == c.kernel() && w[3] == c.kernel() && c.kernel() <= Math.min(d[1], d[2]) + 2 * c.pad(),
                            "weights " + Arrays.toString(w) + " on " + Arrays.toString(d));
                    int oh = Im2col.outSize(d[1], c.kernel(), c.stride(), c.pad());
                    int ow = Im2col.outSize(d[2], c.kernel(), c.stride(), c.pad());
                    peak = Math.max(peak, (long) d[0] / c.groups() * c.kernel() * c.kernel() * oh * ow);
                    d = new int[] {w[0], oh, ow};
                }
                case Layer.Dense dense -> {
                    int[] w = dense.weight().dims();
                    fit(i, l, d.length >= 1 && w.length == 2 && d[d.length - 1] == w[0], "weights " + Arrays.toString(w)
                            + " on " + Arrays.toString(d));
                    d = IndexMaps.denseDims(d, w[1]);
                }
                case Layer.MatMul mm -> {
                    int[] b = ds.length > 1 ? ds[1] : new int[0];
                    int r = d.length;
                    fit(i, l, ds.length == 2 && r >= 2 && b.length == r && d[r - 1] == b[r - 2]
                            && Arrays.equals(Arrays.copyOf(d, r - 2), Arrays.copyOf(b, r - 2)), "operands "
                            + Arrays.toString(d) + " and " + Arrays.toString(b));
                    peak = Math.max(peak, size(b)); // the opened right-hand side, alive with the output
                    d = IndexMaps.matmulDims(d, b);
                }
                case Layer.MaxPool m -> {
                    fit(i, l, d.length == 3 && m.kernel() <= Math.min(d[1], d[2]) + 2 * m.pad(), "on " + Arrays.toString(d));
                    int oh = Im2col.outSize(d[1], m.kernel(), m.stride(), m.pad());
                    int ow = Im2col.outSize(d[2], m.kernel(), m.stride(), m.pad());
                    peak = Math.max(peak, (long) d[0] * m.kernel() * m.kernel() * oh * ow);
                    d = new int[] {d[0], oh, ow};
                }
                case Layer.AveragePool a -> {
                    fit(i, l, d.length == 3 && a.kernel() <= Math.min(d[1], d[2]), "on " + Arrays.toString(d));
                    d = new int[] {d[0], Im2col.outSize(d[1], a.kernel(), a.stride(), 0),
                        Im2col.outSize(d[2], a.kernel(), a.stride(), 0)};
                }
                case Layer.GlobalAveragePool g -> {
                    fit(i, l, d.length == 3, "on " + Arrays.toString(d));
                    d = new int[] {d[0], 1, 1};
                }
                case Layer.GlobalMaxPool g -> {
                    fit(i, l, d.length == 3, "on " + Arrays.toString(d));
                    d = new int[] {d[0], 1, 1};
                }
                case Layer.ChannelAffine c -> fit(i, l, d.length >= 1 && d[0] == c.scale().dims()[0], "on "
                        + Arrays.toString(d));
                case Layer.Permute pm -> {
                    fit(i, l, pm.perm().length == d.length, "perm " + Arrays.toString(pm.perm()) + " on " + Arrays.toString(d));
                    d = pm.outDims(d);
                }
                case Layer.Reshape r -> {
                    fit(i, l, size(r.dims()) == size(d), Arrays.toString(r.dims()) + " from " + Arrays.toString(d));
                    d = r.dims().clone();
                }
                case Layer.Concat c -> {
                    fit(i, l, c.axis() >= 0 && c.axis() < d.length, "axis " + c.axis() + " of " + Arrays.toString(d));
                    long joined = d[c.axis()];
                    for (int k = 1; k < ds.length; k++) {
                        int[] o = ds[k];
                        boolean same = o.length == d.length;
                        for (int a = 0; same && a < d.length; a++) {
                            same = a == c.axis() || o[a] == d[a];
                        }
                        fit(i, l, same, Arrays.toString(o) + " and " + Arrays.toString(d) + " off axis " + c.axis());
                        joined += o[c.axis()];
                    }
                    d[c.axis()] = (int) Math.min(Integer.MAX_VALUE, joined);
                }
                case Layer.Add a -> sameShapes(i, l, ds);
                case Layer.Sub a -> sameShapes(i, l, ds);
                case Layer.Mul a -> sameShapes(i, l, ds);
                case Layer.ReduceSum rs -> {
                    fit(i, l, Arrays.stream(rs.axes()).allMatch(a -> a < ds[0].length), "axes " + Arrays.toString(rs.axes())
                            + " of " + Arrays.toString(d));
                    d = IndexMaps.reduceDims(d, rs.axes());
                }
                case Layer.Select se -> {
                    fit(i, l, se.axis() < d.length && Arrays.stream(se.indices()).allMatch(x -> x < ds[0][se.axis()]),
                            "indices on axis " + se.axis() + " of " + Arrays.toString(d));
                    d = IndexMaps.selectDims(d, se.axis(), se.indices());
                }
                case Layer.LayerNorm ln -> {
                    fit(i, l, ln.axes() <= d.length && size(Arrays.copyOfRange(d, d.length - ln.axes(), d.length))
                            == size(ln.scale().dims()) && (ln.bias() == null || size(ln.bias().dims()) == size(ln.scale().dims())),
                            "over " + ln.axes() + " axes of " + Arrays.toString(d));
                }
                case Layer.Pad pd -> {
                    fit(i, l, pd.before().length == d.length, "pads for " + pd.before().length + " axes on "
                            + Arrays.toString(d));
                    d = pd.outDims(d);
                }
                case Layer.ConstOp co -> fit(i, l, IndexMaps.broadcastsInto(co.c().dims(), d), "a constant of "
                        + Arrays.toString(co.c().dims()) + " on " + Arrays.toString(d));
                case Layer.PRelu pr -> fit(i, l, IndexMaps.broadcastsInto(pr.slope().dims(), d), "slopes of "
                        + Arrays.toString(pr.slope().dims()) + " on " + Arrays.toString(d));
                case Layer.Softmax sm -> fit(i, l, d.length >= 1 && d[d.length - 1] <= MAX_SOFTMAX, "an axis of "
                        + (d.length == 0 ? 0 : d[d.length - 1]) + " (at most " + MAX_SOFTMAX + ")");
                case Layer.LogSoftmax sm -> fit(i, l, d.length >= 1 && d[d.length - 1] <= MAX_SOFTMAX, "an axis of "
                        + (d.length == 0 ? 0 : d[d.length - 1]) + " (at most " + MAX_SOFTMAX + ")");
                default -> { } // elementwise: same shape
            }
            requirePositive(i, l.node(), d);
            out[i] = d;
            peak = Math.max(peak, size(d));
        }
        return peak;
    }

    /** The longest softmax axis: the sum of its exponentials must stay inside the reciprocal's and log's range. */
    public static final int MAX_SOFTMAX = 1 << 13;

    private static void fit(int i, Layer l, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("model: layer " + i + " (" + l.getClass().getSimpleName() + " " + l.node()
                    + ") does not fit its input: " + what);
        }
    }

    private static void sameShapes(int i, Layer l, int[][] ds) {
        for (int[] o : ds) {
            fit(i, l, Arrays.equals(o, ds[0]), "operands " + Arrays.toString(ds[0]) + " and " + Arrays.toString(o));
        }
    }

    private static void requirePositive(int i, String node, int[] d) {
        for (int x : d) {
            if (x < 1) {
                throw new IllegalArgumentException("model: layer " + i + " (" + node + ") makes the shape " + Arrays.toString(d)
                        + "; every axis must have at least one entry");
            }
        }
    }

    private static long size(int[] d) {
        long n = 1;
        for (int x : d) {
            n = x > 0 && n > Long.MAX_VALUE / x ? Long.MAX_VALUE : n * x; // saturates: a giant tensor stays giant
        }
        return n;
    }

    /** The model with every parameter value removed (shapes kept). */
    public Model architecture() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(switch (l) {
                case Layer.Conv c -> new Layer.Conv(c.node(), strip(c.weight()), strip(c.bias()), c.kernel(), c.stride(), c.pad(),
                        c.groups());
                case Layer.Dense d -> new Layer.Dense(d.node(), strip(d.weight()), strip(d.bias()));
                case Layer.ChannelAffine c -> new Layer.ChannelAffine(c.node(), strip(c.scale()), strip(c.shift()));
                case Layer.ConstOp co -> new Layer.ConstOp(co.node(), co.kind(), strip(co.c()));
                case Layer.PRelu pr -> new Layer.PRelu(pr.node(), strip(pr.slope()));
                case Layer.LayerNorm ln -> new Layer.LayerNorm(ln.node(), strip(ln.scale()), strip(ln.bias()), ln.epsilon(),
                        ln.axes());
                default -> l;
            });
        }
        return new Model(name, inputName, inputDims, out, outputDims, inputs);
    }

    private static Layer.Param strip(Layer.Param p) {
        return p == null ? null : new Layer.Param(p.name(), p.dims(), null);
    }

    @Override
    public String toString() {
        return "Model[" + name + ", input " + Arrays.toString(inputDims) + ", " + layers.size() + " layers" + (sequential() ? ""
                : " (a graph)") + ", output " + Arrays.toString(outputDims) + "]";
    }
}
