package org.consortia.mpc.node.analysis;

import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.runtime.JointProgram;

/**
 * Secure inference: the model owner's ONNX file {@code model} against the data owner's header-less CSV
 * {@code input} of {@code rows} flattened samples. The other parties hold only the {@code architecture}
 * (shapes, no weights), which the model owner adds to the job when it is submitted there, with the
 * {@code microBatch} (rows run at a time; sized from the model owner's {@code jobMemory} unless the job sets it).
 * Reveals the outputs to the data owner only, one micro-batch at a time.
 */
public record InferenceJob(String model, String input, int rows, int modelOwner, int dataOwner, Model architecture,
        int microBatch, org.consortia.mpc.inference.trees.TreeEnsemble.Shape trees) implements Analysis {

    /** A neural network's inference (its layers announced). */
    public InferenceJob(String model, String input, int rows, int modelOwner, int dataOwner, Model architecture, int microBatch) {
        this(model, input, rows, modelOwner, dataOwner, architecture, microBatch, null);
    }
    @Override
    public String name() {
        return "inference";
    }

    /** A neural network runs in malicious mode (SecureInference's kernels are ring-generic); a tree ensemble not yet. */
    @Override
    public boolean runsMalicious() {
        return trees == null;
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
            var in = party.input(dataOwner, org.consortia.mpc.sharing.ring.Shape.matrix(rows, trees.features()), x);
            var scored = org.consortia.mpc.inference.trees.SecureTrees.score(in, modelOwner, trees, model);
            var out = scored.labels() == null ? scored.scores() : scored.labels().toFixedPoint()
                    .reshape(org.consortia.mpc.sharing.ring.Shape.matrix(rows, 1)).concat(1, scored.scores());
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
}
