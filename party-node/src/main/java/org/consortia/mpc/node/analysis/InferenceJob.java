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
        int microBatch) implements Analysis {
    @Override
    public String name() {
        return "inference";
    }

    @Override
    public long rowsBehind() {
        return 1; // each output row is one sample's prediction
    }

    @Override
    public JointProgram<double[]> program(JobContext ctx) {
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
}
