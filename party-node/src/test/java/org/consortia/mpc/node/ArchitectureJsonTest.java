package org.consortia.mpc.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;

import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.inference.Model;
import org.consortia.mpc.inference.OnnxImport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The architecture a model owner announces (layers, shapes, the graph's wiring) round-trips and carries no weights. */
class ArchitectureJsonTest {
    @ParameterizedTest
    @ValueSource(strings = {"mnist_lenet_dyn.onnx", "digits_cnn_dyn.onnx", "mnist_mlp_dyn.onnx", "breast_cancer_logreg_dyn.onnx",
        "graph_tiny_dyn.onnx", "graph_mobile_dyn.onnx", "mobilenetv2_dyn.onnx", "squeezenet11_dyn.onnx", "transformer_dyn.onnx"})
    void roundTripsWithoutWeights(String file) {
        Model m = OnnxImport.load(Path.of("..", "data", "models", file));
        var json = ArchitectureJson.encode(m);
        Model back = ArchitectureJson.decode(json);
        assertEquals(json.encode(), ArchitectureJson.encode(back).encode());
        assertEquals(m.parameterCount(), back.parameterCount());
        for (int i = 0; i < m.layers().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(m.inputsOf(i), back.inputsOf(i), "the graph's wiring, layer " + i);
        }
        back.layers().forEach(l -> l.params().forEach(p -> assertEquals(null, p.values())));
        // no parameter values: the only reals are public hyperparameters (Clip's bounds, a layer norm's epsilon, a mean's
        // 1 / count)
        var copy = json.copy();
        for (String key : new String[] {"alpha", "beta", "epsilon", "factor", "value", "node"}) { // node names may read "features.18.0"
            copy.getJsonArray("layers").forEach(l -> ((io.vertx.core.json.JsonObject) l).remove(key));
        }
        assertFalse(copy.encode().matches(".*[0-9]\\.[0-9].*"), "no parameter values in the announcement");
    }
}
