package org.consortia.mpc.node.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.consortia.mpc.analyses.trees.GradientBoosting;
import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.inference.trees.TreeEnsemble;
import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every node (the dealer included) does with a proposal before any file access: parse it into a typed
 * analysis, refusing names that are not plain file names and parameters out of range; then trace its facts.
 */
class AnalysisParserTest {
    private static Analysis parse(String analysis, Map<String, String> params) {
        return AnalysisParser.parse(new JobSpec(analysis, params), 3, SpecLimits.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/hostname", "a/b", "..", ".hidden", "a\\b", ""})
    void namesThatAreNotPlainFileNamesAreRefusedNamingTheField(String name) {
        var e = assertThrows(SpecException.class, () -> parse("linear-regression", Map.of("dataset", name, "rows", "5,5,5",
                "columns", "2", "target", "y")));
        assertEquals("dataset", e.field());
        e = assertThrows(SpecException.class, () -> parse("secure-sum", Map.of("input", name, "length", "3")));
        assertEquals("input", e.field());
        e = assertThrows(SpecException.class, () -> parse("inference", Map.of("model", name, "input", "x", "rows", "1")));
        assertEquals("model", e.field());
    }

    /**
     * What a voter checks of an inference job against its own memory: a network needs its announced architecture and a
     * sample that fits; a tree ensemble's announced shape passes (the parser bounds it, its rows are scored in chunks);
     * other jobs have nothing to check there.
     */
    @Test
    void aVoterAdmitsATreeEnsembleAndRefusesANetworkWithoutItsArchitecture() {
        var shape = new TreeEnsemble.Shape(4, 10, 3, 1, true,
                TreeEnsemble.Post.NONE, false);
        Analysis trees = parse("inference", Map.of("model", "forest", "input", "x", "rows", "20", "depth", "3",
                "architecture", ArchitectureJson.encodeTrees(shape).encode()));
        trees.admitAtVote(1L << 20);
        Analysis network = parse("inference", Map.of("model", "net", "input", "x", "rows", "20"));
        assertEquals("architecture", assertThrows(SpecException.class, () -> network.admitAtVote(1L << 30)).field());
        parse("secure-sum", Map.of("input", "update", "length", "3")).admitAtVote(0);
    }

    /** Any job may name how its comparisons run; another word is refused naming the field. */
    @Test
    void aJobsComparisonsAreBooleanFssOrAuto() {
        for (String mode : new String[] {"boolean", "fss", "auto"}) {
            var spec = new JobSpec("secure-sum", Map.of("input", "x", "length", "3", "comparisons", mode));
            AnalysisParser.parse(spec, 3, SpecLimits.DEFAULT);
            assertEquals(ComparisonMode.of(mode),
                    AnalysisParser.comparisons(spec, ComparisonMode.AUTO));
        }
        assertEquals(ComparisonMode.FSS, AnalysisParser.comparisons(
                new JobSpec("secure-sum", Map.of()), ComparisonMode.FSS), "the consortium's");
        var e = assertThrows(SpecException.class, () -> parse("secure-sum", Map.of("input", "x", "length", "3",
                "comparisons", "yao")));
        assertEquals("comparisons", e.field());
    }

    /**
     * A gbdt job's range is the kernel's: at any rows its default lambda is one the kernel takes (at 10 to 16 fractional
     * bits), a lambda too small or too many rows for the logistic loss is refused naming lambda, other bits naming
     * fractionalBits.
     */
    @Test
    void aGbdtJobIsRefusedWhereTheKernelsFixedPointRangeEnds() {
        for (String bits : new String[] {"10", "12", "16"}) {
            for (String rows : new String[] {"100", "700000", "1900000"}) {
                for (String loss : new String[] {"logistic", "squared"}) {
                    GbdtJob g = (GbdtJob) parse("gbdt", Map.of("dataset", "d", "key", "id", "rows", rows, "columns", "1,1,1",
                            "target", "y", "loss", loss, "fractionalBits", bits));
                    assertEquals(null, GradientBoosting.unsupported(Long.parseLong(rows),
                            g.params().lambda(), g.params().loss(), Integer.parseInt(bits)), bits + " bits, " + rows + " rows, " + loss);
                }
            }
        }
        var e = assertThrows(SpecException.class, () -> parse("gbdt", Map.of("dataset", "d", "key", "id", "rows", "1000000",
                "columns", "1,1,1", "target", "y", "lambda", "0.5")));
        assertEquals("lambda", e.field(), e.getMessage());
        e = assertThrows(SpecException.class, () -> parse("gbdt", Map.of("dataset", "d", "key", "id", "rows", "100",
                "columns", "1,1,1", "target", "y", "fractionalBits", "20")));
        assertEquals("fractionalBits", e.field(), e.getMessage());
    }

    /**
     * An announced graph that would blow up inside (Concats of many copies of a small input, no weights at all) is
     * refused at parse time at every node, before the dry run allocates anything; so is a layer reading too many tensors.
     */
    @Test
    void anArchitectureWhoseInnerTensorsExplodeIsRefused() {
        io.vertx.core.json.JsonArray layers = new io.vertx.core.json.JsonArray();
        io.vertx.core.json.JsonArray many = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < 64; i++) {
            many.add(-1);
        }
        io.vertx.core.json.JsonArray many0 = new io.vertx.core.json.JsonArray();
        io.vertx.core.json.JsonArray many1 = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < 64; i++) {
            many0.add(0);
            many1.add(1);
        }
        layers.add(new io.vertx.core.json.JsonObject().put("type", "Concat").put("node", "c1").put("axis", 0).put("inputs", many));
        layers.add(new io.vertx.core.json.JsonObject().put("type", "Concat").put("node", "c2").put("axis", 0).put("inputs", many0));
        layers.add(new io.vertx.core.json.JsonObject().put("type", "Concat").put("node", "c3").put("axis", 0).put("inputs", many1));
        String arch = new io.vertx.core.json.JsonObject().put("name", "m.onnx").put("input", "x")
                .put("inputDims", new io.vertx.core.json.JsonArray().add(1000)).put("outputDims", new io.vertx.core.json.JsonArray().add(1))
                .put("layers", layers).encode();
        var e = assertThrows(SpecException.class, () -> parse("inference", Map.of("model", "m.onnx", "input", "x", "rows", "1",
                "architecture", arch)));
        assertEquals("architecture", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("values per sample"), "refused for its inner tensors: " + e.getMessage());
        many.add(-1); // 65 inputs to one layer: malformed
        String tooWide = new io.vertx.core.json.JsonObject(arch).put("layers", new io.vertx.core.json.JsonArray().add(
                new io.vertx.core.json.JsonObject().put("type", "Concat").put("node", "c").put("axis", 0).put("inputs", many))).encode();
        assertEquals("architecture", assertThrows(SpecException.class, () -> parse("inference", Map.of("model", "m.onnx",
                "input", "x", "rows", "1", "architecture", tooWide))).field());
    }

    /** Announced layers that do not fit what they read are refused before anything is allocated. */
    @Test
    void announcedLayersThatDoNotFitAreRefused() {
        java.util.function.Function<io.vertx.core.json.JsonObject, String> arch = layer -> new io.vertx.core.json.JsonObject()
                .put("name", "m.onnx").put("input", "x").put("inputDims", new io.vertx.core.json.JsonArray().add(1).add(1))
                .put("outputDims", new io.vertx.core.json.JsonArray().add(1).add(1))
                .put("layers", new io.vertx.core.json.JsonArray().add(layer.put("node", "l").put("inputs",
                        new io.vertx.core.json.JsonArray().add(-1)))).encode();
        io.vertx.core.json.JsonArray[] pads = {new io.vertx.core.json.JsonArray().add(-4).add(0),
            new io.vertx.core.json.JsonArray().add(0).add(999_999_999)};
        for (io.vertx.core.json.JsonObject bad : List.of(
                new io.vertx.core.json.JsonObject().put("type", "Pad").put("before", pads[0]).put("after", pads[1]).put("value", 0),
                new io.vertx.core.json.JsonObject().put("type", "ReduceSum").put("axes", new io.vertx.core.json.JsonArray().add(7))
                        .put("factor", 1),
                new io.vertx.core.json.JsonObject().put("type", "Select").put("axis", 1).put("indices",
                        new io.vertx.core.json.JsonArray().add(5)),
                new io.vertx.core.json.JsonObject().put("type", "MatMul"))) {
            var e = assertThrows(SpecException.class, () -> parse("inference", Map.of("model", "m.onnx", "input", "x",
                    "rows", "1", "architecture", arch.apply(bad))), bad.encode());
            assertEquals("architecture", e.field(), bad.encode());
        }
    }

    @Test
    void dpJobsNeedTheirPrivacyAndBounds() {
        Map<String, String> mean = Map.of("dataset", "patients", "column", "age", "rows", "10,10,10", "lower", "0", "upper", "100",
                "epsilon", "0.5", "delta", "1e-6");
        assertEquals(0.5, parse("dp-mean", mean).privacy().epsilon());
        var noEpsilon = new java.util.HashMap<>(mean);
        noEpsilon.remove("epsilon");
        assertEquals("epsilon", assertThrows(SpecException.class, () -> parse("dp-mean", noEpsilon)).field());
        var invertedSum = new java.util.HashMap<>(mean);
        invertedSum.put("upper", "-1");
        assertEquals("upper", assertThrows(SpecException.class, () -> parse("dp-sum", invertedSum)).field());
        Map<String, String> hist = Map.of("dataset", "patients", "column", "age", "rows", "10,10,10", "edges", "0,10,5",
                "epsilon", "0.5", "delta", "1e-6");
        assertEquals("edges", assertThrows(SpecException.class, () -> parse("dp-histogram", hist)).field());
        assertEquals(null, parse("secure-sum", Map.of("input", "v", "length", "3")).privacy(), "not a DP analysis");
        Map<String, String> lin = Map.of("dataset", "housing", "features", "MedInc,HouseAge", "target", "MedHouseVal",
                "featureBounds", "0:15,0:52", "targetBounds", "0:5", "rows", "10,10,10", "epsilon", "1", "delta", "1e-6");
        assertEquals(1.0, parse("dp-linear-regression", lin).privacy().epsilon());
        var oneBound = new java.util.HashMap<>(lin);
        oneBound.put("featureBounds", "0:15");
        assertEquals("featureBounds", assertThrows(SpecException.class, () -> parse("dp-linear-regression", oneBound)).field());
        assertEquals(0.5, parse("dp-logistic-regression", Map.of("dataset", "bc", "features", "a,b", "target", "y",
                "featureBounds", "0:1,0:2", "rows", "10,10,10", "epsilon", "0.5", "delta", "1e-6")).privacy().epsilon());
        assertEquals("clip", assertThrows(SpecException.class, () -> parse("dp-secure-sum", Map.of("input", "v", "length", "3",
                "epsilon", "1", "delta", "1e-6"))).field(), "an L2 clip bound is required");
        assertEquals(1.0, parse("dp-secure-mean", Map.of("input", "v", "length", "3", "clip", "2", "bound", "10", "epsilon", "1",
                "delta", "1e-6")).privacy().epsilon());
        assertEquals("bound", assertThrows(SpecException.class, () -> parse("dp-secure-sum", Map.of("input", "v", "length",
                "1000", "clip", "2", "bound", "1000", "epsilon", "1", "delta", "1e-6"))).field(), "squared norms out of range");
        var inverted = new java.util.HashMap<>(lin);
        inverted.put("targetBounds", "5:0");
        assertEquals("targetBounds", assertThrows(SpecException.class, () -> parse("dp-linear-regression", inverted)).field());
    }

    @Test
    void partyIdsSizesAndUnknownParametersAreChecked() {
        assertEquals("modelOwner", assertThrows(SpecException.class, () -> parse("inference", Map.of("model", "m", "input", "x",
                "rows", "1", "modelOwner", "3"))).field(), "the dealer's id is not a party");
        assertEquals("size", assertThrows(SpecException.class, () -> parse("matmul-loop", Map.of("size", "100000"))).field());
        assertEquals("size", assertThrows(SpecException.class, () -> parse("matmul-loop", Map.of("size", "-5"))).field());
        assertEquals("rows", assertThrows(SpecException.class, () -> parse("linear-regression", Map.of("dataset", "d",
                "rows", "5,5", "columns", "2", "target", "y"))).field(), "one row count per party");
        assertEquals("minrows", assertThrows(SpecException.class, () -> parse("secure-sum", Map.of("input", "v", "length", "3",
                "minrows", "2"))).field(), "a misspelt parameter is an error, not a default");
    }

    @Test
    void factsComeFromTheProgramAndNameEveryReadAndReveal() {
        Analysis a = parse("linear-regression", Map.of("dataset", "d", "partition", "columns", "key", "id", "rows", "40",
                "columns", "2,0,1", "target", "y", "resultParty", "2"));
        Facts f = FactsTracer.trace(a, 3, new FixedPoint(16)).facts();
        assertEquals(List.of(new Facts.Read(0, "d", Facts.Kind.TABLE, 40), new Facts.Read(1, "d", Facts.Kind.TABLE, 40),
                new Facts.Read(2, "d", Facts.Kind.TABLE, 40)), f.reads(), "party 1 contributes no column but reads its keys");
        assertEquals(3, f.reveals().size());
        assertEquals(new Facts.Reveal(Facts.Purpose.CHECK, "key-set equality", List.of(0, 1, 2), 1, 40), f.reveals().get(0));
        assertEquals(new Facts.Reveal(Facts.Purpose.RESULT, "result", List.of(2), 2 * 3 + 2, 40), f.reveals().get(2));
        assertEquals(java.util.Set.of(2), f.resultRecipients());

        Facts sum = FactsTracer.trace(parse("secure-sum", Map.of("input", "v", "length", "4", "resultParty", "1")), 3,
                new FixedPoint(16)).facts();
        assertTrue(sum.reads().stream().allMatch(r -> r.kind() == Facts.Kind.ROWS && r.name().equals("v")));
        assertEquals(java.util.Set.of(1), sum.resultRecipients());
    }

    @Test
    void aRevealTheFactsDidNotDeclareIsRefusedBeforeAnythingIsOpened() {
        Analysis a = parse("matmul-loop", Map.of("size", "4", "iterations", "2", "resultParty", "1"));
        Facts declared = FactsTracer.trace(a, 3, new FixedPoint(16)).facts();
        RevealLedger ledger = RevealLedger.enforcing(3, a.rowsBehind(), declared);
        var e = assertThrows(JobError.class, () -> ledger.revealing(0, 1));
        assertEquals(ErrorCode.UNDECLARED_ACCESS, e.code());
        ledger.revealing(1, 1);
        assertEquals(1, ledger.performed().size());
        assertThrows(JobError.class, () -> ledger.revealing(1, 1), "no second reveal was declared");
    }

    /** Results are labelled from the spec alone: positions for members' columns, the spec's own names elsewhere. */
    @org.junit.jupiter.api.Test
    void resultLabelsComeFromTheSpecAlone() {
        Analysis byColumns = parse("linear-regression", Map.of("dataset", "d", "partition", "columns", "key", "id",
                "rows", "10", "columns", "2,1,1", "target", "y", "resultParty", "2"));
        assertEquals(java.util.List.of("standardized[p0.x1]", "standardized[p0.x2]", "standardized[p1.x1]",
                "standardized[p2.x1]", "coefficient[p0.x1]", "coefficient[p0.x2]", "coefficient[p1.x1]",
                "coefficient[p2.x1]", "intercept", "r2"), byColumns.resultLabels());
        Analysis hist = parse("dp-histogram", Map.of("dataset", "d", "column", "age", "edges", "0,20,40.5,60", "rows",
                "5,5,5", "epsilon", "1", "delta", "1e-6"));
        assertEquals(java.util.List.of("bin[-inf,20)", "bin[20,40.5)", "bin[40.5,+inf)"), hist.resultLabels());
        Analysis dpLin = parse("dp-linear-regression", Map.of("dataset", "d", "features", "age,bmi", "target", "y",
                "featureBounds", "0:100,10:50", "targetBounds", "0:400", "rows", "5,5,5", "epsilon", "1", "delta", "1e-6"));
        assertEquals(java.util.List.of("coefficient[age]", "coefficient[bmi]", "intercept"), dpLin.resultLabels());
        assertEquals(java.util.List.of("sum[0]", "sum[1]"), parse("secure-sum", Map.of("input", "v", "length", "2"))
                .resultLabels());
    }
}
