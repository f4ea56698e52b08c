package org.consortia.mpc.node.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.node.jobs.ArchitectureJson;
import org.consortia.mpc.node.jobs.JobSpec;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.junit.jupiter.api.Test;

/**
 * The per-analysis reference, generated from the code itself: for an example spec of every analysis the parser knows
 * (3 parties), the parameters the parser consults, what each party reads and what the job reveals to whom (its traced
 * facts), its result's labels, and whether it is differentially private. Writes {@code target/analyses.md}, checks
 * that {@code docs/analyses.md} is the same (regenerate: {@code -Dmpc.writeDocs=true}), and that the OpenAPI spec's
 * list of analyses is the parser's.
 */
class AnalysisReferenceTest {
    /** An example spec per analysis (several where a parameter changes what else is read). */
    static Map<String, List<Map<String, String>>> examples() throws Exception {
        Map<String, List<Map<String, String>>> m = new java.util.TreeMap<>(); // in the parser's (sorted) order
        m.put("linear-regression", List.of(
                Map.of("dataset", "diabetes", "rows", "150,150,142", "columns", "10", "target", "target", "resultParty", "0"),
                Map.of("dataset", "diabetes", "partition", "columns", "key", "id", "rows", "442", "columns", "3,3,4",
                        "target", "target", "targetParty", "2", "resultParty", "2")));
        m.put("logistic-regression", List.of(Map.of("dataset", "cancer", "rows", "200,200,169", "columns", "30", "target",
                "diagnosis", "resultParty", "0")));
        String arch = ArchitectureJson.encode(OnnxImport.load(Path.of("..", "data", "models", "mnist_lenet_dyn.onnx"))).encode();
        m.put("inference", List.of(Map.of("model", "mnist_lenet_dyn.onnx", "input", "images", "rows", "5", "modelOwner", "0",
                "dataOwner", "1", "architecture", arch)));
        m.put("secure-sum", List.of(Map.of("input", "update", "length", "4", "resultParty", "1")));
        m.put("matmul-loop", List.of(Map.of("size", "8", "iterations", "2", "resultParty", "0")));
        m.put("dp-histogram", List.of(Map.of("dataset", "patients", "column", "age", "edges", "0,20,40,60,80,100", "rows",
                "100,100,100", "epsilon", "1", "delta", "1e-6", "resultParty", "0")));
        Map<String, String> sum = Map.of("dataset", "patients", "column", "age", "lower", "0", "upper", "100", "rows",
                "100,100,100", "epsilon", "1", "delta", "1e-6", "resultParty", "0");
        m.put("dp-sum", List.of(sum));
        m.put("dp-mean", List.of(sum));
        m.put("dp-linear-regression", List.of(Map.of("dataset", "housing", "features", "MedInc,HouseAge", "target",
                "MedHouseVal", "featureBounds", "0:15,0:52", "targetBounds", "0:5", "rows", "100,100,100", "epsilon", "1",
                "delta", "1e-6", "resultParty", "0")));
        m.put("dp-logistic-regression", List.of(Map.of("dataset", "cancer", "features", "a,b", "target", "y",
                "featureBounds", "0:1,0:1", "rows", "100,100,100", "steps", "3", "epsilon", "1", "delta", "1e-6",
                "resultParty", "0")));
        Map<String, String> vec = Map.of("input", "update", "length", "4", "clip", "2", "bound", "10", "epsilon", "1",
                "delta", "1e-6", "resultParty", "0");
        m.put("dp-secure-sum", List.of(vec));
        m.put("dp-secure-mean", List.of(vec));
        // a program (docs/programs.md): members by index here, as the reference's consortium has no names
        m.put("program", List.of(Map.of("program", "{\"format\":\"mpc-program\",\"version\":1,\"nodes\":["
                + "{\"id\":\"x\",\"op\":\"input\",\"member\":0,\"dataset\":\"cohort\",\"columns\":[\"age\",\"bmi\"],\"rows\":100},"
                + "{\"id\":\"y\",\"op\":\"input\",\"member\":1,\"dataset\":\"labs\",\"columns\":[\"glucose\"],\"rows\":100},"
                + "{\"id\":\"z\",\"op\":\"concat\",\"args\":[\"x\",\"y\"],\"axis\":1},"
                + "{\"id\":\"m\",\"op\":\"mean\",\"args\":[\"z\"],\"axis\":0},"
                + "{\"id\":\"r\",\"op\":\"reveal\",\"args\":[\"m\"],\"to\":[0],\"label\":\"means\"}]}")));
        m.put("link", List.of(Map.of("dataset", "customers", "key", "id", "rows", "1000,800,1200", "as", "common_customers")));
        // a joint query (README, "Joint queries in SQL"): members by index, as above
        m.put("query", List.of(Map.of("sql", "SELECT c.region, COUNT(*), AVG(p.claim) FROM customers c JOIN policies p"
                + " ON c.id = p.cid WHERE c.age > 40 GROUP BY c.region", "tables", "{\"customers\": {\"member\": \"0\","
                + " \"dataset\": \"customers\", \"rows\": 1000, \"columns\": {\"id\": \"key\", \"age\": \"number\","
                + " \"region\": [\"north\", \"south\"]}}, \"policies\": {\"member\": \"1\", \"dataset\": \"policies\","
                + " \"rows\": 800, \"columns\": {\"cid\": \"key\", \"claim\": \"number\"}}}", "to", "0", "minGroup", "10")));
        m.put("gbdt", List.of(
                Map.of("dataset", "cancer", "partition", "columns", "key", "id", "rows", "455", "columns", "10,10,10",
                        "target", "diagnosis", "trees", "50", "depth", "4", "bins", "16", "resultParty", "0"),
                Map.of("dataset", "housing", "partition", "rows", "rows", "700,700,600", "columns", "2", "target", "value",
                        "loss", "squared", "edges", "[[1, 2, 3], [10, 20, 30]]", "bins", "4", "lr", "0.1", "lambda", "1")));
        return m;
    }

    @Test
    void theReferenceIsTheCodes() throws Exception {
        Map<String, List<Map<String, String>>> examples = examples();
        assertEquals(AnalysisParser.NAMES, List.copyOf(examples.keySet()), "an example for every analysis the parser knows");
        StringBuilder md = new StringBuilder("# Analyses\n\n");
        md.append("Generated by `AnalysisReferenceTest` (party-node) from the parser and the traced facts of an example job\n");
        md.append("of each analysis among 3 parties (parties 0, 1, 2); do not edit by hand. Every job also takes\n");
        md.append("`fractionalBits` (8 to 30), `offline` (`dealer` or `ot`) and `comparisons` (`boolean`, `fss` or `auto`).\n");
        md.append("Reads name the file kind: a TABLE is a CSV\n");
        md.append("with a header row (`NAME.csv`), ROWS a header-less CSV of numbers, a MODEL an ONNX file. What is revealed\n");
        md.append("is all a job reveals: the runtime refuses any other reveal.\n\n");
        md.append("| analysis | parameters | reads (example) | reveals (example) | result labels (example) | DP |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (var e : examples.entrySet()) {
            SortedSet<String> params = new TreeSet<>();
            Analysis first = null;
            for (Map<String, String> spec : e.getValue()) {
                JobSpec js = new JobSpec(e.getKey(), spec);
                params.addAll(AnalysisParser.parameters(js, 3, SpecLimits.DEFAULT));
                if (first == null) {
                    first = AnalysisParser.parse(js, 3, SpecLimits.DEFAULT);
                }
            }
            params.removeAll(List.of("fractionalBits", "offline", "comparisons"));
            Facts facts = FactsTracer.trace(first, 3, new FixedPoint(16)).facts();
            List<String> reads = new ArrayList<>();
            for (Facts.Read r : facts.reads()) {
                reads.add("party " + r.party() + ": " + r.kind() + " " + r.name() + (r.rows() >= 0 ? " (" + r.rows() + " rows)" : ""));
            }
            List<String> reveals = new ArrayList<>();
            for (Facts.Reveal r : facts.reveals()) {
                reveals.add(r.elements() + " value" + (r.elements() == 1 ? "" : "s") + " (" + r.purpose().name().toLowerCase()
                        + ") to part" + (r.recipients().size() == 1 ? "y " : "ies ") + r.recipients());
            }
            List<String> labels = first.resultLabels();
            String shown = labels == null ? "positions" : labels.size() <= 6 ? String.join(", ", labels)
                    : String.join(", ", labels.subList(0, 4)) + ", ... (" + labels.size() + ")";
            md.append("| `").append(e.getKey()).append("` | ").append(String.join(", ", params)).append(" | ")
                    .append(String.join("; ", reads)).append(" | ").append(String.join("; ", reveals)).append(" | ")
                    .append(shown.replace("|", "\\|")).append(" | ").append(first.privacy() == null ? "" : "yes").append(" |\n");
        }
        String table = md.toString();
        GeneratedDoc.check("analyses.md", table);
        String openapi = Files.readString(Path.of("..", "docs", "openapi.yaml"));
        assertEquals(true, openapi.contains("enum: [" + String.join(", ", AnalysisParser.NAMES) + "]"),
                "docs/openapi.yaml lists the parser's analyses");
    }
}
