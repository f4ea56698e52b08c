package org.consortia.mpc.node.policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.consortia.mpc.config.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a node lets the consortium do with its data, from its policy file (YAML):
 * <pre>
 * analyses: [linear-regression, logistic-regression, inference, secure-sum]   # analyses this node takes part in
 * datasets:                                    # datasets it exposes, by name (data directory/NAME.csv)
 *   - {name: diabetes, analyses: [linear-regression], minRows: 100}
 * resultRecipients: [org-0, org-2]             # parties that may receive results computed on its data
 * maxConcurrentJobs: 4
 * </pre>
 * Without a policy file a node runs a permissive default (every analysis, every dataset in its data directory,
 * results to any party, minRows 1, 64 concurrent jobs) and says so at start-up.
 */
public record Policy(Path source, Set<String> analyses, Map<String, DatasetRule> datasets, Set<String> resultRecipients,
        int maxConcurrentJobs) {

    /** One exposed dataset. */
    public record DatasetRule(String name, Set<String> analyses, int minRows) {
    }

    /** {@code null} sets mean "any". */
    public static Policy permissive() {
        return new Policy(null, null, null, null, 64);
    }

    public boolean isPermissive() {
        return source == null;
    }

    public static Policy load(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file.toString(), "(file)", "unreadable or invalid YAML: " + e.getMessage(), "a policy file");
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new ConfigException(file.toString(), "(top level)", String.valueOf(root), "a mapping");
        }
        for (Object k : m.keySet()) {
            if (!List.of("analyses", "datasets", "resultRecipients", "maxConcurrentJobs").contains(k)) {
                throw new ConfigException(file.toString(), String.valueOf(k), "an unknown key",
                        "one of analyses, datasets, resultRecipients, maxConcurrentJobs");
            }
        }
        Set<String> analyses = strings(file, "analyses", m.get("analyses"));
        Set<String> recipients = strings(file, "resultRecipients", m.get("resultRecipients"));
        Map<String, DatasetRule> datasets = new LinkedHashMap<>();
        Object ds = m.get("datasets");
        if (ds != null) {
            if (!(ds instanceof List<?> list)) {
                throw new ConfigException(file.toString(), "datasets", String.valueOf(ds), "a list of {name, analyses, minRows}");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> d) || !(d.get("name") instanceof String name)) {
                    throw new ConfigException(file.toString(), "datasets[" + i + "]", String.valueOf(list.get(i)),
                            "a mapping with at least a name");
                }
                Object min = d.get("minRows");
                if (min != null && !(min instanceof Integer mi && mi >= 1)) {
                    throw new ConfigException(file.toString(), "datasets[" + i + "].minRows", String.valueOf(min), "an integer >= 1");
                }
                datasets.put(name, new DatasetRule(name, strings(file, "datasets[" + i + "].analyses", d.get("analyses")),
                        min == null ? 1 : (Integer) min));
            }
        }
        Object mc = m.get("maxConcurrentJobs");
        if (mc != null && !(mc instanceof Integer i && i >= 1)) {
            throw new ConfigException(file.toString(), "maxConcurrentJobs", String.valueOf(mc), "an integer >= 1");
        }
        return new Policy(file, analyses == null ? Set.of() : analyses, datasets, recipients == null ? Set.of() : recipients,
                mc == null ? 4 : (Integer) mc);
    }

    private static Set<String> strings(Path file, String field, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
            throw new ConfigException(file.toString(), field, String.valueOf(v), "a list of names");
        }
        return Set.copyOf(new ArrayList<>(l.stream().map(String.class::cast).toList()));
    }

    /**
     * Checks a job against this policy; returns {@code null} to accept or the refusal naming the rule.
     * @param inputs    the datasets this node would contribute (empty if it only computes)
     * @param rows      rows behind the revealed result
     * @param recipients names of the parties that would receive results
     * @param running   jobs running on this node now
     */
    public String check(String analysis, List<String> inputs, long rows, List<String> recipients, int running) {
        if (analyses != null && !analyses.contains(analysis)) {
            return "rule 'analyses' does not include " + analysis;
        }
        if (running >= maxConcurrentJobs) {
            return "rule 'maxConcurrentJobs' (" + maxConcurrentJobs + ") is reached";
        }
        if (inputs.isEmpty()) {
            return null;
        }
        for (String ds : inputs) {
            if (datasets != null) {
                DatasetRule r = datasets.get(ds);
                if (r == null) {
                    return "rule 'datasets' does not expose '" + ds + "'";
                }
                if (r.analyses() != null && !r.analyses().contains(analysis)) {
                    return "rule 'datasets[" + ds + "].analyses' does not allow " + analysis;
                }
                if (rows < r.minRows()) {
                    return "rule 'datasets[" + ds + "].minRows' requires at least " + r.minRows() + " rows behind a result, the job has "
                            + rows;
                }
            }
        }
        if (resultRecipients != null) {
            for (String p : recipients) {
                if (!resultRecipients.contains(p)) {
                    return "rule 'resultRecipients' does not include " + p;
                }
            }
        }
        return null;
    }
}
