package org.consortia.mpc.protocols.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An imported model: input name and batch-free input shape, the layers in order, and the batch-free output
 * shape. {@link #architecture()} is the same model without parameter values: what the other parties need to
 * run the protocol with the model owner.
 */
public record Model(String name, String inputName, int[] inputDims, List<Layer> layers, int[] outputDims) {
    public Model {
        layers = List.copyOf(layers);
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
        int[] d = inputDims.clone();
        long peak = size(d);
        for (Layer l : layers) {
            switch (l) {
                case Layer.Conv c -> {
                    int oh = org.consortia.mpc.sharing.ring.Im2col.outSize(d[1], c.kernel(), c.stride(), c.pad());
                    int ow = org.consortia.mpc.sharing.ring.Im2col.outSize(d[2], c.kernel(), c.stride(), c.pad());
                    peak = Math.max(peak, (long) d[0] * c.kernel() * c.kernel() * oh * ow);
                    d = new int[] {c.weight().dims()[0], oh, ow};
                }
                case Layer.Dense dense -> d = new int[] {dense.weight().dims()[1]};
                case Layer.MaxPool m -> {
                    int oh = org.consortia.mpc.sharing.ring.Im2col.outSize(d[1], m.kernel(), m.stride(), m.pad());
                    int ow = org.consortia.mpc.sharing.ring.Im2col.outSize(d[2], m.kernel(), m.stride(), m.pad());
                    peak = Math.max(peak, (long) d[0] * m.kernel() * m.kernel() * oh * ow);
                    d = new int[] {d[0], oh, ow};
                }
                case Layer.AveragePool a -> d = new int[] {d[0], org.consortia.mpc.sharing.ring.Im2col.outSize(d[1], a.kernel(),
                        a.stride(), 0), org.consortia.mpc.sharing.ring.Im2col.outSize(d[2], a.kernel(), a.stride(), 0)};
                case Layer.GlobalAveragePool g -> d = new int[] {d[0]};
                case Layer.Reshape r -> d = r.dims().clone();
                default -> { } // elementwise: same shape
            }
            peak = Math.max(peak, size(d));
        }
        return peak;
    }

    private static long size(int[] d) {
        long n = 1;
        for (int x : d) {
            n *= x;
        }
        return n;
    }

    /** The model with every parameter value removed (shapes kept). */
    public Model architecture() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(switch (l) {
                case Layer.Conv c -> new Layer.Conv(c.node(), strip(c.weight()), strip(c.bias()), c.kernel(), c.stride(), c.pad());
                case Layer.Dense d -> new Layer.Dense(d.node(), strip(d.weight()), strip(d.bias()));
                default -> l;
            });
        }
        return new Model(name, inputName, inputDims, out, outputDims);
    }

    private static Layer.Param strip(Layer.Param p) {
        return p == null ? null : new Layer.Param(p.name(), p.dims(), null);
    }

    @Override
    public String toString() {
        return "Model[" + name + ", input " + Arrays.toString(inputDims) + ", " + layers.size() + " layers, output "
                + Arrays.toString(outputDims) + "]";
    }
}
