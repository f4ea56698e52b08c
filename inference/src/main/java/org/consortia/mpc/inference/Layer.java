package org.consortia.mpc.inference;

import java.util.List;

import org.consortia.mpc.inference.ops.ElementwiseOp;
import org.consortia.mpc.inference.ops.ElementwiseOps;

/**
 * One layer of an imported model. Parameters (weights, biases) are the model owner's private values;
 * {@code null} arrays mean "shape only" (the architecture other parties see). Shapes exclude the batch axis. A layer
 * reads the outputs of the layers {@link Model#inputsOf} names (Add, Sub, Mul and Concat read two or more).
 */
public sealed interface Layer {
    /** The ONNX node this layer came from, for messages. */
    String node();

    /** Parameter tensors in a fixed order, each with its shape (batch-free). */
    default List<Param> params() {
        return List.of();
    }

    /** A named parameter: shape and values ({@code null} when only the architecture is known). */
    record Param(String name, int[] dims, double[] values) {
        @Override
        public String toString() {
            return "Param[" + name + " " + java.util.Arrays.toString(dims) + "]";
        }
    }

    /** 2-D convolution, dilation 1, {@code groups} groups (depthwise: one per channel); weights [F, C/groups, k, k]. */
    record Conv(String node, Param weight, Param bias, int kernel, int stride, int pad, int groups) implements Layer {
        public Conv(String node, Param weight, Param bias, int kernel, int stride, int pad) {
            this(node, weight, bias, kernel, stride, pad, 1);
        }

        @Override
        public List<Param> params() {
            return bias == null ? List.of(weight) : List.of(weight, bias);
        }
    }

    /**
     * y = x W + b on the last axis with W stored [K, M] (ONNX transB and alpha/beta folded in at import): an input of
     * batch-free shape [..., K] becomes [..., M].
     */
    record Dense(String node, Param weight, Param bias) implements Layer {
        @Override
        public List<Param> params() {
            return bias == null ? List.of(weight) : List.of(weight, bias);
        }
    }

    record Relu(String node) implements Layer {
    }

    record Sigmoid(String node) implements Layer {
    }

    record Softmax(String node) implements Layer {
    }

    record MaxPool(String node, int kernel, int stride, int pad) implements Layer {
    }

    record AveragePool(String node, int kernel, int stride) implements Layer {
    }

    record GlobalAveragePool(String node) implements Layer {
    }

    /** Flatten to [batch, rest] (axis 1) or Reshape to the given batch-free shape. */
    record Reshape(String node, int[] dims) implements Layer {
    }

    /**
     * An elementwise function with two public constants: {@code kind} names an op of {@link ElementwiseOps} (LeakyRelu,
     * Tanh, Clip, HardSigmoid, HardSwish, Affine, Erf, Gelu, GeluTanh, Exp, Abs, ...: each op's file says what alpha
     * and beta mean), which evaluates it securely and in plaintext.
     */
    record Elementwise(String node, String kind, double alpha, double beta) implements Layer {
        public Elementwise {
            if (ElementwiseOps.get(kind) == null) {
                throw new IllegalArgumentException("elementwise layer " + node + ": unknown kind " + kind + "; known: "
                        + String.join(", ", ElementwiseOps.names()));
            }
        }

        /** The op this layer's kind names. */
        public ElementwiseOp op() {
            return ElementwiseOps.get(kind);
        }
    }

    /**
     * y = x scale[c] + shift[c] per channel (axis 0 of the batch-free shape): a batch normalization that follows no
     * Conv or Gemm. Scale and shift are the model owner's parameters: one secret product per element.
     */
    record ChannelAffine(String node, Param scale, Param shift) implements Layer {
        @Override
        public List<Param> params() {
            return List.of(scale, shift);
        }
    }

    /** The batch-free axes reordered: output axis i is input axis {@code perm[i]} (the batch axis stays first). Local. */
    record Permute(String node, int[] perm) implements Layer {
        /** For each output element (batch x dims permuted, row-major), its index in the input. */
        public int[] gather(int batch, int[] dims) {
            int r = dims.length;
            int[] out = new int[r];
            for (int i = 0; i < r; i++) {
                out[i] = dims[perm[i]];
            }
            int[] inStride = new int[r];
            int st = 1;
            for (int i = r - 1; i >= 0; i--) {
                inStride[i] = st;
                st *= dims[i];
            }
            int per = st;
            int[] idx = new int[batch * per];
            int[] pos = new int[r];
            for (int k = 0; k < per; k++) {
                int src = 0;
                for (int i = 0; i < r; i++) {
                    src += pos[i] * inStride[perm[i]];
                }
                for (int b = 0; b < batch; b++) {
                    idx[b * per + k] = b * per + src;
                }
                for (int i = r - 1; i >= 0; i--) { // next position in the output's row-major order
                    if (++pos[i] < out[i]) {
                        break;
                    }
                    pos[i] = 0;
                }
            }
            return idx;
        }

        /** The output's batch-free dims. */
        public int[] outDims(int[] dims) {
            int[] out = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                out[i] = dims[perm[i]];
            }
            return out;
        }
    }

    /** The maximum over each channel's plane: [C, H, W] to [C, 1, 1]. */
    record GlobalMaxPool(String node) implements Layer {
    }

    /** The sum of two activations of the same shape (a residual connection): local, no communication. */
    record Add(String node) implements Layer {
    }

    /** The difference of two activations of the same shape: local. */
    record Sub(String node) implements Layer {
    }

    /** The elementwise product of two activations (secret x secret): one Beaver round and one truncation. */
    record Mul(String node) implements Layer {
    }

    /** Activations joined along batch-free {@code axis} (channels: 0): local. */
    record Concat(String node, int axis) implements Layer {
    }

    /**
     * The product of two activations as matrices over their last two axes, [..., M, K] x [..., K, N] (the leading
     * batch-free axes equal: attention's heads): one Beaver round for all the matrices and one truncation.
     */
    record MatMul(String node) implements Layer {
    }

    /**
     * Layer normalization over the last {@code axes} batch-free axes: (x - mean) / sqrt(var + epsilon), times the
     * owner's scale, plus the owner's bias ({@code null}: none); scale and bias have the shape of those axes.
     */
    record LayerNorm(String node, Param scale, Param bias, double epsilon, int axes) implements Layer {
        public LayerNorm {
            if (axes < 1 || !(epsilon >= 0 && epsilon < 1)) {
                throw new IllegalArgumentException("layer norm " + node + ": " + axes + " axes (>= 1), epsilon " + epsilon);
            }
        }

        @Override
        public List<Param> params() {
            return bias == null ? List.of(scale) : List.of(scale, bias);
        }
    }

    /** The sum over the given batch-free axes, times {@code factor} (ReduceMean: 1 / count); each axis kept with size 1. */
    record ReduceSum(String node, int[] axes, double factor) implements Layer {
        public ReduceSum {
            if (axes.length == 0 || java.util.Arrays.stream(axes).anyMatch(a -> a < 0)
                    || java.util.Arrays.stream(axes).distinct().count() != axes.length || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("reduction " + node + ": axes " + java.util.Arrays.toString(axes)
                        + " (distinct, >= 0), factor " + factor);
            }
        }
    }

    /** The entries {@code indices} of batch-free axis {@code axis} (ONNX Gather with constant indices, Slice): local. */
    record Select(String node, int axis, int[] indices) implements Layer {
        public Select {
            if (axis < 0 || indices.length == 0 || java.util.Arrays.stream(indices).anyMatch(i -> i < 0)) {
                throw new IllegalArgumentException("selection " + node + ": axis " + axis + ", indices (>= 0, at least one)");
            }
        }
    }

    /**
     * x + c or x * c with a constant of the model owner's (a positional embedding, a per-channel scale; Sub and Div by a
     * constant arrive as Add of -c and Mul by 1/c; Clip by bounds from initializers as Max and Min): c broadcasts
     * against the batch-free shape (numpy rules, aligned on the last axes). Add is local; Mul is one secret product; Max
     * and Min one secret comparison.
     */
    record ConstOp(String node, String kind, Param c) implements Layer {
        public ConstOp {
            if (!List.of("Add", "Mul", "Max", "Min").contains(kind)) {
                throw new IllegalArgumentException("constant op " + node + ": unknown kind " + kind);
            }
        }

        @Override
        public List<Param> params() {
            return List.of(c);
        }
    }

    /** PRelu: relu(x) + slope (x - relu(x)) with the owner's slope, broadcast like {@link ConstOp}'s constant. */
    record PRelu(String node, Param slope) implements Layer {
        @Override
        public List<Param> params() {
            return List.of(slope);
        }
    }

    /** log(softmax(x)) along the last axis: x - max - log(sum e^(x - max)). */
    record LogSoftmax(String node) implements Layer {
    }

    /** Constant padding of the batch-free axes: {@code before[i]} and {@code after[i]} entries of the public {@code value}. */
    record Pad(String node, int[] before, int[] after, double value) implements Layer {
        /** The most entries a side of one axis may add. */
        public static final int MAX_PAD = 4096;

        public Pad {
            if (before.length != after.length || !Double.isFinite(value)
                    || java.util.stream.IntStream.concat(java.util.Arrays.stream(before), java.util.Arrays.stream(after))
                            .anyMatch(v -> v < 0 || v > MAX_PAD)) {
                throw new IllegalArgumentException("pad " + node + ": pads of 0 to " + MAX_PAD + " per side and axis");
            }
        }

        public int[] outDims(int[] dims) {
            int[] out = dims.clone();
            for (int i = 0; i < dims.length; i++) {
                out[i] += before[i] + after[i];
            }
            return out;
        }
    }
}
