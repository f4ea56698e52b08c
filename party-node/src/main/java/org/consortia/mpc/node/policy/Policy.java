package org.consortia.mpc.node.policy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.consortia.mpc.config.YamlNode;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.analysis.SpecLimits;

/**
 * What a node lets the consortium do with its data, from its policy file (YAML; unknown keys are errors):
 * <pre>
 * analyses: [linear-regression, logistic-regression, inference, secure-sum]   # or: any
 * datasets:                                    # files it exposes, by name (data directory/NAME.csv, NAME.onnx); or: any
 *   - {name: diabetes, analyses: [linear-regression], minRows: 100}
 * resultRecipients: [org-0, org-2]             # parties that may receive results of any job it takes part in; or: any
 * maxConcurrentJobs: 4
 * loadGenerator: false                         # matmul-loop (synthetic load) only when true
 * limits: {maxRows: 10000000, maxColumns: 10000, maxElements: 100000000, maxMatrix: 2048, maxIterations: 1000}
 * </pre>
 * Every rule that concerns the node is checked against the job's {@link Facts}, whether or not the node reads
 * data: the analysis, every result's recipients, and for each file it reads, exposure, the analyses allowed on
 * it and the rows behind every revealed value. One-bit checks opened to every party (key-set equality) are
 * listed in the facts and the audit log; they are not results. Without a policy file a node runs a permissive
 * default (every analysis but the load generator, every file in its data directory, results to any party,
 * minRows 1, 64 concurrent jobs, the default limits) and says so at start-up. Job parameters beyond the
 * {@code limits} are refused when a job is parsed, before anything is allocated.
 */
public record Policy(Path source, Set<String> analyses, Map<String, DatasetRule> datasets, Set<String> resultRecipients,
        int maxConcurrentJobs, boolean loadGenerator, SpecLimits limits) {

    /** One exposed dataset or model file. */
    public record DatasetRule(String name, Set<String> analyses, int minRows) {
    }

    /** {@code null} sets mean "any". */
    public static Policy permissive() {
        return new Policy(null, null, null, null, 64, false, SpecLimits.DEFAULT);
    }

    public boolean isPermissive() {
        return source == null;
    }

    public static Policy load(Path file) {
        YamlNode root = YamlNode.load(file);
        root.allowOnly("analyses", "datasets", "resultRecipients", "maxConcurrentJobs", "loadGenerator", "limits");
        List<String> analyses = root.is("analyses", "any") ? null : root.strings("analyses");
        List<String> recipients = root.is("resultRecipients", "any") ? null : root.strings("resultRecipients");
        Map<String, DatasetRule> datasets = root.is("datasets", "any") ? null : new LinkedHashMap<>();
        if (datasets != null && root.has("datasets")) {
            for (YamlNode d : root.list("datasets")) {
                d.allowOnly("name", "analyses", "minRows");
                String name = d.string("name");
                List<String> allowed = d.strings("analyses");
                datasets.put(name, new DatasetRule(name, allowed == null ? null : Set.copyOf(allowed),
                        d.integer("minRows", 1, Integer.MAX_VALUE, 1)));
            }
        }
        YamlNode l = root.childOrEmpty("limits");
        l.allowOnly("maxRows", "maxColumns", "maxElements", "maxMatrix", "maxIterations");
        SpecLimits d = SpecLimits.DEFAULT;
        SpecLimits limits = new SpecLimits(l.longValue("maxRows", 1, 1L << 31, d.maxRows()),
                l.integer("maxColumns", 1, 1 << 20, d.maxColumns()), l.longValue("maxElements", 1, 1L << 40, d.maxElements()),
                l.integer("maxMatrix", 1, 1 << 16, d.maxMatrix()), l.integer("maxIterations", 1, 1 << 20, d.maxIterations()));
        return new Policy(file, root.is("analyses", "any") ? null : analyses == null ? Set.of() : Set.copyOf(analyses),
                datasets, root.is("resultRecipients", "any") ? null : recipients == null ? Set.of() : Set.copyOf(recipients),
                root.integer("maxConcurrentJobs", 1, 10_000, 4), root.bool("loadGenerator", false), limits);
    }

    /**
     * Checks a job against this policy as node {@code self}; returns {@code null} to accept or the refusal
     * naming the rule (never a count or a value).
     * @param names    party id to member name
     * @param running  jobs running on this node now
     */
    public String check(String analysis, Facts facts, int self, IntFunction<String> names, int running) {
        if (analyses != null && !analyses.contains(analysis)) {
            return "rule 'analyses' does not include " + analysis;
        }
        if (analysis.equals("matmul-loop") && !loadGenerator) {
            return "rule 'loadGenerator' is off";
        }
        if (running >= maxConcurrentJobs) {
            return "rule 'maxConcurrentJobs' is reached";
        }
        if (resultRecipients != null) {
            for (int p : facts.resultRecipients()) {
                if (!resultRecipients.contains(names.apply(p))) {
                    return "rule 'resultRecipients' does not include " + names.apply(p);
                }
            }
        }
        if (datasets != null) {
            for (Facts.Read read : facts.readsOf(self)) {
                String ds = read.name().replaceFirst("\\.(csv|onnx)$", "");
                DatasetRule r = datasets.get(ds);
                if (r == null) {
                    return "rule 'datasets' does not expose '" + ds + "'";
                }
                if (r.analyses() != null && !r.analyses().contains(analysis)) {
                    return "rule 'datasets[" + ds + "].analyses' does not allow " + analysis;
                }
                if (facts.minRowsBehind() < r.minRows()) {
                    return "rule 'datasets[" + ds + "].minRows' is not met by the rows behind a revealed value";
                }
            }
        }
        return null;
    }
}
