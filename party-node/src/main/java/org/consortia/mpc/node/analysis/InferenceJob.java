package org.consortia.mpc.node.analysis;

import java.util.List;

import org.consortia.mpc.inference.Layer;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.inference.trees.SecureTrees;
import org.consortia.mpc.inference.trees.TreeEnsemble;
import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.sharing.ring.Shape;

import com.google.auto.service.AutoService;
import io.vertx.core.json.JsonObject;

/**
 * Secure inference: the model owner's ONNX file {@code model} against the data owner's header-less CSV
 * {@code input} of {@code rows} flattened samples. The other parties hold only the {@code architecture}
 * (shapes, no weights), which the model owner adds to the job when it is submitted there, with the
 * {@code microBatch} (rows run at a time; sized from the model owner's {@code jobMemory} unless the job sets it).
 * Reveals the outputs to the data owner only, one micro-batch at a time.
 */
public record InferenceJob(String model, String input, int rows, int modelOwner, int dataOwner, Model architecture,
        int microBatch, TreeEnsemble.Shape trees) implements Analysis {

    /** A neural network's inference (its layers announced). */
    public InferenceJob(String model, String input, int rows, int modelOwner, int dataOwner, Model architecture, int microBatch) {
        this(model, input, rows, modelOwner, dataOwner, architecture, microBatch, null);
    }
    @Override
    public String name() {
        return "inference";
    }

    /** Malicious mode too: SecureInference's and SecureTrees' kernels are written against the backend's ring. */
    @Override
    public boolean runsMalicious() {
        return true;
    }

    @Override
    public long rowsBehind() {
        return 1; // each output row is one sample's prediction
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        if (trees != null) {
            return treeProgram(ctx);
        }
        return party -> {
            Model weights = ctx.data().model(modelOwner, model);
            Model m = weights != null ? weights : architecture;
            if (weights != null && !ArchitectureJson.encode(weights).equals(ArchitectureJson.encode(architecture))) {
                throw new JobError(ErrorCode.INPUT_INVALID, "model " + model + " changed since the job was announced");
            }
            double[] x = ctx.data().rows(dataOwner, input, rows, m.inputSize());
            return SecureInference.revealInMicroBatches(party.backend(), m, modelOwner, dataOwner, rows, x, microBatch);
        };
    }

    /**
     * A tree ensemble (ONNX-ML; {@code TreeEnsemble.Shape} announced, the trees padded to its depth): every row's scores
     * to the data owner, a classifier's label first: {@code [label, p_0 .. p_k-1]} per row, else {@code [y_0 ..]}.
     */
    private JointProgram<double[]> treeProgram(JobContext ctx) {
        return party -> {
            var model = ctx.data().trees(modelOwner, this.model, trees.depth());
            if (model != null && !model.shape().equals(trees)) {
                throw new JobError(ErrorCode.INPUT_INVALID, "model " + this.model + " changed since the job was announced");
            }
            double[] x = ctx.data().rows(dataOwner, input, rows, trees.features());
            var in = party.input(dataOwner, Shape.matrix(rows, trees.features()), x);
            var scored = SecureTrees.score(in, modelOwner, trees, model);
            var out = scored.labels() == null ? scored.scores() : scored.labels().toFixedPoint()
                    .reshape(Shape.matrix(rows, 1)).concat(1, scored.scores());
            return out.revealTo(dataOwner);
        };
    }

    @Override
    public java.util.List<String> resultLabels() {
        if (trees == null) {
            return null;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            if (trees.classifier()) {
                out.add("label[" + r + "]");
                for (int c = 0; c < trees.targets(); c++) {
                    out.add("probability[" + r + "," + c + "]");
                }
            } else {
                for (int c = 0; c < trees.targets(); c++) {
                    out.add(trees.targets() == 1 ? "prediction[" + r + "]" : "prediction[" + r + "," + c + "]");
                }
            }
        }
        return out;
    }

    @Override
    public void admitAtVote(long jobMemory) {
        if (trees != null) {
            return; // a tree ensemble's announced shape: bounded by the parser, its rows scored in chunks of bounded size
        }
        if (architecture == null) {
            throw new SpecException("architecture", "the model architecture, which the model owner adds");
        }
        if (architecture.peakElementsPerSample() > jobMemory / SecureInference.BYTES_PER_PEAK_ELEMENT) {
            throw new SpecException("architecture", "a model one sample of which fits this node's jobMemory");
        }
        if (microBatch > SecureInference.microBatchFor(architecture, rows, jobMemory)) {
            throw new SpecException("microBatch", "a micro-batch within this node's jobMemory");
        }
    }

    /** The job type {@code inference}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("inference");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return inference(p);
        }

        private static InferenceJob inference(SpecParams p) {
            String model = DataDir.checkName("model", p.string("model", null));
            String input = DataDir.checkName("input", p.string("input", null));
            int rows = p.integer("rows", -1, 1, (int) Math.min(Integer.MAX_VALUE, p.limits.maxRows()));
            int modelOwner = p.party("modelOwner", 0);
            int dataOwner = p.party("dataOwner", p.parties - 1);
            String arch = p.optional("architecture");
            Model architecture = null;
            int depth = p.integer("depth", 8, 1, 16); // a tree ensemble's announced depth bound (its trees padded to it)
            if (arch != null && isTrees(arch)) {
                TreeEnsemble.Shape trees;
                try {
                    trees = ArchitectureJson.decodeTrees(new JsonObject(arch));
                } catch (RuntimeException e) {
                    throw new SpecException("architecture", "the tree ensemble's shape the model owner announces (malformed)");
                }
                if (trees.depth() != depth) {
                    throw new SpecException("depth", "the depth the architecture announces (" + trees.depth() + ")");
                }
                long nodes = (long) trees.trees() * trees.internal();
                if (nodes * trees.features() > p.limits.maxElements() || (long) trees.trees() * trees.leaves() * trees.targets()
                        > p.limits.maxElements() || (long) rows * trees.features() > p.limits.maxElements()) {
                    throw new SpecException("architecture", "a tree ensemble and rows of at most " + p.limits.maxElements()
                            + " values each");
                }
                p.integer("microBatch", rows, 1, rows); // rows are scored in chunks of bounded size whatever it says
                return new InferenceJob(model, input, rows, modelOwner, dataOwner, null, rows, trees);
            }
            if (arch != null) {
                try {
                    architecture = ArchitectureJson.decode(new JsonObject(arch));
                } catch (RuntimeException e) {
                    throw new SpecException("architecture", "the model architecture the model owner announces (malformed)");
                }
                long parameters = 0;
                for (Layer l : architecture.layers()) {
                    for (Layer.Param q : l.params()) {
                        parameters += size(q.dims(), p.limits.maxElements());
                    }
                }
                long inputSize = size(architecture.inputDims(), p.limits.maxElements());
                size(architecture.outputDims(), p.limits.maxElements());
                if (parameters > p.limits.maxElements()) {
                    throw new SpecException("architecture", "a model of at most " + p.limits.maxElements() + " parameters");
                }
                // every tensor one sample passes through (not only the input and output): an announced graph cannot make
                // a node allocate beyond the limit, in its dry run or online
                long peak;
                try {
                    peak = architecture.peakElementsPerSample();
                } catch (RuntimeException e) { // a layer that does not fit what it reads: refused before any allocation
                    throw new SpecException("architecture", "layers that fit the tensors they read");
                }
                if (peak > p.limits.maxElements()) {
                    throw new SpecException("architecture", "a model whose every tensor has at most " + p.limits.maxElements()
                            + " values per sample");
                }
                if (rows * inputSize > p.limits.maxElements()
                        || rows * size(architecture.outputDims(), p.limits.maxElements()) > p.limits.maxElements()) {
                    throw new SpecException("rows", "at most " + p.limits.maxElements() + " input and output values");
                }
            }
            int microBatch = p.integer("microBatch", rows, 1, rows);
            if ((rows + (long) microBatch - 1) / microBatch > p.limits.maxIterations() * 100L) {
                throw new SpecException("microBatch", "at most " + p.limits.maxIterations() * 100L + " micro-batches in all");
            }
            return new InferenceJob(model, input, rows, modelOwner, dataOwner, architecture, microBatch);
        }

        private static boolean isTrees(String arch) {
            try {
                return ArchitectureJson.isTrees(new JsonObject(arch));
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** The number of elements of a tensor of {@code dims}, refusing non-positive or oversized dimensions. */
        private static long size(int[] dims, long max) {
            long n = 1;
            for (int d : dims) {
                if (d < 1 || (n = d > max / n ? Long.MAX_VALUE : n * d) > max) { // n <= max, so n * d cannot overflow
                    throw new SpecException("architecture", "tensor dimensions that are positive and at most " + max + " elements");
                }
            }
            return n;
        }
    }
}
