package org.consortia.mpc.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
     * window expansion of convolutions and pooling (what a micro-batch's memory scales with).
     */
    public long peakElementsPerSample() {
        long peak = size(inputDims);
        int[][] out = new int[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            int[] in = inputs.get(i);
            int[] d = in[0] < 0 ? inputDims.clone() : out[in[0]].clone();
            switch (layers.get(i)) {
                case Layer.Conv c -> {
                    int oh = org.consortia.mpc.sharing.ring.Im2col.outSize(d[1], c.kernel(), c.stride(), c.pad());
                    int ow = org.consortia.mpc.sharing.ring.Im2col.outSize(d[2], c.kernel(), c.stride(), c.pad());
                    peak = Math.max(peak, (long) d[0] / c.groups() * c.kernel() * c.kernel() * oh * ow);
                    d = new int[] {c.weight().dims()[0], oh, ow};
                }
                case Layer.Dense dense -> d = IndexMaps.denseDims(d, dense.weight().dims()[1]);
                case Layer.MatMul mm -> {
                    int[] b = in[1] < 0 ? inputDims : out[in[1]];
                    peak = Math.max(peak, size(b)); // the opened right-hand side, alive with the output
                    d = IndexMaps.matmulDims(d, b);
                }
                case Layer.ReduceSum rs -> d = IndexMaps.reduceDims(d, rs.axes());
                case Layer.Pad pd -> d = pd.outDims(d);
                case Layer.Select se -> d = IndexMaps.selectDims(d, se.axis(), se.indices());
                case Layer.MaxPool m -> {
                    int oh = org.consortia.mpc.sharing.ring.Im2col.outSize(d[1], m.kernel(), m.stride(), m.pad());
                    int ow = org.consortia.mpc.sharing.ring.Im2col.outSize(d[2], m.kernel(), m.stride(), m.pad());
                    peak = Math.max(peak, (long) d[0] * m.kernel() * m.kernel() * oh * ow);
                    d = new int[] {d[0], oh, ow};
                }
                case Layer.AveragePool a -> d = new int[] {d[0], org.consortia.mpc.sharing.ring.Im2col.outSize(d[1], a.kernel(),
                        a.stride(), 0), org.consortia.mpc.sharing.ring.Im2col.outSize(d[2], a.kernel(), a.stride(), 0)};
                case Layer.GlobalAveragePool g -> d = new int[] {d[0], 1, 1};
                case Layer.GlobalMaxPool g -> d = new int[] {d[0], 1, 1};
                case Layer.Permute pm -> d = pm.outDims(d);
                case Layer.Reshape r -> d = r.dims().clone();
                case Layer.Concat c -> {
                    long joined = d[c.axis()];
                    for (int k = 1; k < in.length; k++) {
                        joined += (in[k] < 0 ? inputDims : out[in[k]])[c.axis()];
                    }
                    d[c.axis()] = (int) Math.min(Integer.MAX_VALUE, joined);
                }
                default -> { } // elementwise: same shape
            }
            out[i] = d;
            peak = Math.max(peak, size(d));
        }
        return peak;
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
