package org.consortia.mpc.node.policy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.config.YamlNode;
import org.consortia.mpc.node.analysis.Facts;
import org.consortia.mpc.node.analysis.GbdtJob;
import org.consortia.mpc.node.analysis.SpecLimits;
import org.consortia.mpc.node.budget.Budget;
import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.InputRead;
import org.consortia.mpc.programs.RevealFact;
import org.consortia.mpc.programs.Source;
import org.consortia.mpc.programs.sql.ColumnUse;
import org.consortia.mpc.programs.sql.CompiledQuery;

/**
 * What a node lets the consortium do with its data, from its policy file (YAML; unknown keys are errors):
 * <pre>
 * analyses: [linear-regression, logistic-regression, inference, secure-sum]   # or: any
 * datasets:                                    # files it exposes, by name (data directory/NAME.csv, NAME.onnx); or: any
 *   - {name: diabetes, analyses: [linear-regression], minRows: 100}
 *   - {name: patients, analyses: [dp-histogram, dp-mean], budget: {epsilon: 2, delta: 1e-6, refresh: 30d, maxJobsPerDay: 20}}
 *   - {name: claims, analyses: [program], columns: [amount, region], requireDp: true, recipients: [org-0]}
 *   - {name: customers, analyses: [link, linear-regression], linkage: [cardinality, secret]}   # record linkage: what it may tell
 *   - {name: accounts, analyses: [gbdt], treeSplits: holder}   # a tree ensemble's splits on these features: to this member only
 * programs: {maxBytes: 1000000000}               # the most a program may send per party (estimated before it runs)
 * resultRecipients: [org-0, org-2]             # parties that may receive results of any job it takes part in; or: any
 * maxConcurrentJobs: 4
 * loadGenerator: false                         # matmul-loop (synthetic load) only when true
 * limits: {maxRows: 10000000, maxColumns: 10000, maxElements: 100000000, maxMatrix: 2048, maxIterations: 1000}
 * offline: [ot]                                # where jobs' correlated randomness may come from: dealer, ot; or: any
 * security: malicious                          # take only jobs secure against a deviating member; or: any (default)
 * </pre>
 * The consortium's {@code protocol.offline} is a floor: a job whose correlated randomness comes from a weaker source
 * (the dealer, where the consortium makes it by oblivious transfer) is taken only if the {@code offline} rule lists
 * that source; without the rule, or with {@code any}, the consortium's mode or a stronger one.
 * Every rule that concerns the node is checked against the job's {@link Facts}, whether or not the node reads
 * data: the analysis, every result's recipients, and for each file it reads, exposure, the analyses allowed on
 * it and the rows behind every revealed value. One-bit checks opened to every party (key-set equality) are
 * listed in the facts and the audit log; they are not results. Without a policy file a node runs a permissive
 * default (every analysis but the load generator, every file in its data directory, results to any party,
 * minRows 1, 64 concurrent jobs, the default limits) and says so at start-up. Job parameters beyond the
 * {@code limits} are refused when a job is parsed, before anything is allocated.
 */
public record Policy(Path source, Set<String> analyses, Map<String, DatasetRule> datasets, Set<String> resultRecipients,
        int maxConcurrentJobs, boolean loadGenerator, SpecLimits limits, Set<OfflineMode> offline, long maxProgramBytes,
        SecurityMode security) {

    /** The most bytes per party a program may be estimated to send, without a {@code programs.maxBytes} rule. */
    public static final long DEFAULT_MAX_PROGRAM_BYTES = 1L << 40;

    /**
     * One exposed dataset or model file; {@code budget} {@code null}: no privacy budget. For programs: the columns they
     * may read ({@code null}: any), whether only DP releases may reveal what derives from it, and who may receive what
     * derives from it ({@code null}: as resultRecipients). For joint queries: the rule of each column named
     * ({@code columnRules}; a column without one may be used in any way the other rules allow). For tree ensembles
     * trained on it: {@code holderSplits} ({@code treeSplits: holder}), its features' splits known to this member only.
     */
    public record DatasetRule(String name, Set<String> analyses, int minRows, Budget budget,
            Set<String> columns, boolean requireDp, Set<String> recipients, Set<String> linkage,
            Map<String, ColumnRule> columnRules, boolean holderSplits) {
        public DatasetRule {
            columnRules = columnRules == null ? Map.of() : Map.copyOf(columnRules);
        }

        public DatasetRule(String name, Set<String> analyses, int minRows, Budget budget) {
            this(name, analyses, minRows, budget, null, false, null, null, null, false);
        }
    }

    public Policy(Path source, Set<String> analyses, Map<String, DatasetRule> datasets, Set<String> resultRecipients,
            int maxConcurrentJobs, boolean loadGenerator, SpecLimits limits, Set<OfflineMode> offline) {
        this(source, analyses, datasets, resultRecipients, maxConcurrentJobs, loadGenerator, limits, offline,
                DEFAULT_MAX_PROGRAM_BYTES, null);
    }

    /** {@code null} sets mean "any" ({@code offline}: no rule, so the consortium's mode or a stronger one). */
    public static Policy permissive() {
        return new Policy(null, null, null, null, 64, false, SpecLimits.DEFAULT, null);
    }

    public boolean isPermissive() {
        return source == null;
    }

    public static Policy load(Path file) {
        YamlNode root = YamlNode.load(file);
        root.allowOnly("analyses", "datasets", "resultRecipients", "maxConcurrentJobs", "loadGenerator", "limits", "offline",
                "programs", "security");
        List<String> analyses = root.is("analyses", "any") ? null : root.strings("analyses");
        List<String> recipients = root.is("resultRecipients", "any") ? null : root.strings("resultRecipients");
        Map<String, DatasetRule> datasets = root.is("datasets", "any") ? null : new LinkedHashMap<>();
        if (datasets != null && root.has("datasets")) {
            for (YamlNode d : root.list("datasets")) {
                d.allowOnly("name", "analyses", "minRows", "budget", "columns", "requireDp", "recipients", "linkage",
                        "columnRules", "treeSplits");
                String name = d.string("name");
                if (datasets.containsKey(name)) {
                    throw d.error("name", "\"" + name + "\" a second time", "one rule per dataset");
                }
                List<String> allowed = d.strings("analyses");
                List<String> columns = d.has("columns") && !d.is("columns", "any") ? d.strings("columns") : null;
                List<String> to = d.has("recipients") && !d.is("recipients", "any") ? d.strings("recipients") : null;
                datasets.put(name, new DatasetRule(name, allowed == null ? null : Set.copyOf(allowed),
                        d.integer("minRows", 1, Integer.MAX_VALUE, 1), d.has("budget") ? budget(d.child("budget")) : null,
                        columns == null ? null : Set.copyOf(columns), d.bool("requireDp", false),
                        to == null ? null : Set.copyOf(to), linkage(d), columnRules(d), treeSplits(d)));
            }
        }
        YamlNode l = root.childOrEmpty("limits");
        l.allowOnly("maxRows", "maxColumns", "maxElements", "maxMatrix", "maxIterations", "maxOfflineSeconds");
        SpecLimits d = SpecLimits.DEFAULT;
        SpecLimits limits = new SpecLimits(l.longValue("maxRows", 1, 1L << 31, d.maxRows()),
                l.integer("maxColumns", 1, 1 << 20, d.maxColumns()), l.longValue("maxElements", 1, 1L << 40, d.maxElements()),
                l.integer("maxMatrix", 1, 1 << 16, d.maxMatrix()), l.integer("maxIterations", 1, 1 << 20, d.maxIterations()),
                l.integer("maxOfflineSeconds", 1, 7 * 24 * 3600, d.maxOfflineSeconds()));
        YamlNode programs = root.childOrEmpty("programs");
        programs.allowOnly("maxBytes");
        return new Policy(file, root.is("analyses", "any") ? null : analyses == null ? Set.of() : Set.copyOf(analyses),
                datasets, root.is("resultRecipients", "any") ? null : recipients == null ? Set.of() : Set.copyOf(recipients),
                root.integer("maxConcurrentJobs", 1, 10_000, 4), root.bool("loadGenerator", false), limits, offline(root),
                programs.longValue("maxBytes", 1, Long.MAX_VALUE, DEFAULT_MAX_PROGRAM_BYTES), security(root));
    }

    /** {@code security: malicious} (take only jobs secure against a deviating member), or {@code any} (the default). */
    private static SecurityMode security(YamlNode root) {
        if (!root.has("security") || root.is("security", "any")) {
            return null;
        }
        String w = root.string("security");
        if (!w.equals(SecurityMode.MALICIOUS.word())) {
            throw root.error("security", "\"" + w + "\"", "malicious (take only jobs secure against a member that "
                    + "deviates) or any (the default)");
        }
        return SecurityMode.MALICIOUS;
    }

    /** Whether this node takes a job that runs in security {@code mode}: {@code null}, or the refusal naming the rule. */
    public String allowsSecurity(SecurityMode mode) {
        return security == null || security == mode ? null
                : "rule 'security' requires " + security.word() + "; the job runs " + mode.word();
    }

    /**
     * A dataset rule's {@code treeSplits}: {@code holder} (a tree ensemble trained on it reveals its features' splits to
     * this member only: gbdt's {@code splits: holder}) or {@code any} (the default).
     */
    private static boolean treeSplits(YamlNode d) {
        if (!d.has("treeSplits") || d.is("treeSplits", "any")) {
            return false;
        }
        if (!d.is("treeSplits", "holder")) {
            throw d.error("treeSplits", "\"" + d.string("treeSplits") + "\"", "holder or any");
        }
        return true;
    }

    /** A dataset rule's {@code columnRules}: a mapping of column names to rules ({@link ColumnRule}). */
    private static Map<String, ColumnRule> columnRules(YamlNode d) {
        if (!d.has("columnRules")) {
            return null;
        }
        YamlNode rules = d.child("columnRules");
        Map<String, ColumnRule> out = new LinkedHashMap<>();
        for (String column : rules.keys()) {
            out.put(column.toLowerCase(java.util.Locale.ROOT), ColumnRule.parse(rules, column));
        }
        return out;
    }

    /**
     * A joint query's column rules at member {@code self}: for every use the query makes of a column of a dataset this
     * member holds, the dataset rule's rule for that column. {@code null} to accept, else the refusal naming the rule,
     * the member, the column and the query's clause (the query's own text: public).
     */
    public String checkQuery(CompiledQuery query, int self, IntFunction<String> names,
            java.util.List<String> members) {
        if (datasets == null) {
            return null;
        }
        String me = names.apply(self);
        Set<String> to = query.options().recipients().isEmpty() ? Set.copyOf(members) : Set.copyOf(query.options().recipients());
        for (ColumnUse use : query.uses()) {
            if (!use.member().equals(me)) {
                continue;
            }
            DatasetRule r = rule(use.dataset(), Facts.Kind.TABLE);
            ColumnRule c = r == null ? null : r.columnRules().get(use.column().toLowerCase(java.util.Locale.ROOT));
            String why = c == null ? null : c.refuses(use, query, to);
            if (why != null) {
                return "rule 'datasets[" + r.name() + "].columnRules." + use.column() + ": " + c.word() + "' " + why;
            }
        }
        return null;
    }

    /**
     * {@code offline: [dealer, ot]}, {@code [ot]} (no job with a third party), or {@code any} (the default: the
     * consortium's mode or a stronger one, as without the rule).
     */
    private static Set<OfflineMode> offline(YamlNode root) {
        if (!root.has("offline") || root.is("offline", "any")) {
            return null;
        }
        Set<OfflineMode> out = java.util.EnumSet.noneOf(OfflineMode.class);
        List<String> words = root.strings("offline");
        for (String w : words == null ? List.<String>of() : words) {
            OfflineMode m = OfflineMode.of(w);
            if (m == null) {
                throw root.error("offline", "\"" + w + "\"", "a list of dealer and ot, or any");
            }
            out.add(m);
        }
        if (out.isEmpty()) {
            throw root.error("offline", "an empty list", "[dealer, ot], [ot], [dealer] or any");
        }
        return Set.copyOf(out);
    }

    /**
     * Whether this node takes a job whose correlated randomness comes from {@code mode} in a consortium whose file says
     * {@code consortium}: {@code null} if so, else the rule. A mode weaker than the consortium's only where the
     * {@code offline} rule lists it; with no rule, the consortium's mode or a stronger one.
     */
    public String allowsOffline(OfflineMode mode, OfflineMode consortium) {
        if (offline != null) {
            return offline.contains(mode) ? null : "rule 'offline' does not allow " + mode.word()
                    + " (allowed: " + offline.stream().map(OfflineMode::word).sorted().toList() + ")";
        }
        return !mode.weakerThan(consortium) ? null : "rule 'offline': this consortium makes its correlated randomness by "
                + source(consortium) + "; the job asks for " + source(mode) + " (taken only where the offline rule lists "
                + mode.word() + ")";
    }

    /** A mode as a refusal names it. */
    private static String source(OfflineMode mode) {
        return mode == OfflineMode.OT ? "OT" : "the " + mode.word();
    }

    /**
     * {@code linkage: [intersection, cardinality, secret]} (the default: all), or {@code none}: what a record linkage of
     * the dataset may tell (which rows are common, how many, or nothing but whether at least minMatched are: a join
     * inside the computation, {@code linkage: intersect}).
     */
    private static Set<String> linkage(YamlNode d) {
        if (!d.has("linkage")) {
            return null;
        }
        if (d.is("linkage", "none")) {
            return Set.of();
        }
        List<String> words = d.strings("linkage");
        for (String w : words == null ? List.<String>of() : words) {
            if (!w.equals("intersection") && !w.equals("cardinality") && !w.equals("secret")) {
                throw d.error("linkage", "\"" + w + "\"", "a list of intersection, cardinality and secret, or none");
            }
        }
        return words == null ? Set.of() : Set.copyOf(words);
    }

    /** budget: {epsilon: 1.0, delta: 1e-6, refresh: 30d, maxJobsPerDay: 10} (refresh and maxJobsPerDay optional). */
    private static Budget budget(YamlNode b) {
        b.allowOnly("epsilon", "delta", "refresh", "maxJobsPerDay");
        return new Budget(b.real("epsilon", 1e-6, 100), b.real("delta", 1e-15, 0.1),
                b.duration("refresh", null), b.integer("maxJobsPerDay", 0, 1_000_000, 0));
    }

    /**
     * The privacy budgets of the datasets node {@code self} reads in a job with these facts (dataset rule name to
     * budget; empty when none has one).
     */
    public Map<String, Budget> budgets(Facts facts, int self) {
        Map<String, Budget> out = new LinkedHashMap<>();
        if (datasets != null) {
            for (Facts.Read read : facts.readsOf(self)) {
                DatasetRule r = rule(read.name(), read.kind());
                if (r != null && r.budget() != null) {
                    out.put(r.name(), r.budget());
                }
            }
        }
        return out;
    }

    /** The datasets with a budget (rule name to budget). */
    public Map<String, Budget> budgets() {
        Map<String, Budget> out = new LinkedHashMap<>();
        if (datasets != null) {
            datasets.values().stream().filter(r -> r.budget() != null).forEach(r -> out.put(r.name(), r.budget()));
        }
        return out;
    }

    /**
     * The rules that need no facts: the analysis, the load generator, the number of running jobs. Checked before
     * a job's facts are traced (which costs a dry run); {@code null} to go on.
     */
    public String precheck(String analysis, int running) {
        if (analyses != null && !analyses.contains(analysis)) {
            return "rule 'analyses' does not include " + analysis;
        }
        if (analysis.equals("matmul-loop") && !loadGenerator) {
            return "rule 'loadGenerator' is off";
        }
        if (running >= maxConcurrentJobs) {
            return "rule 'maxConcurrentJobs' is reached";
        }
        return null;
    }

    /**
     * Whether this node exposes file {@code name} of {@code kind} to {@code analysis}: {@code null} if so, else the
     * rule. A rule's name is a dataset ({@code cohort} = {@code cohort.csv}) or an exact file name
     * ({@code lenet.onnx}); a model is exposed only under its {@code .onnx} name.
     */
    public String exposes(String name, Facts.Kind kind, String analysis) {
        if (datasets == null) {
            return null;
        }
        DatasetRule r = rule(name, kind);
        if (r == null) {
            return "rule 'datasets' does not expose '" + name + "'";
        }
        if (r.analyses() != null && !r.analyses().contains(analysis)) {
            return "rule 'datasets[" + r.name() + "].analyses' does not allow " + analysis;
        }
        return null;
    }

    /** The rule covering file {@code name} of {@code kind} (by its file name, or a table's by its dataset name). */
    private DatasetRule rule(String name, Facts.Kind kind) {
        String file = fileName(name, kind);
        DatasetRule r = datasets.get(file);
        return r != null || kind == Facts.Kind.MODEL ? r : datasets.get(file.substring(0, file.length() - ".csv".length()));
    }

    /** The file a read of {@code name} opens (the data directory adds the kind's extension unless present). */
    static String fileName(String name, Facts.Kind kind) {
        String ext = kind == Facts.Kind.MODEL ? ".onnx" : ".csv";
        return name.endsWith(ext) ? name : name + ext;
    }

    /**
     * A program's own rules at node {@code self}, from the facts its graph yields (see docs/programs.md): the cost
     * ceiling, and for every dataset this node holds that the program reads, the columns it may read, and for every
     * reveal its data reach, the recipients, requireDp and minRows. {@code null} to accept, else the refusal naming the
     * rule, the program node and the dataset (never a value or a count of the member's data).
     */
    public String checkProgram(CheckedProgram program, int self, IntFunction<String> names) {
        return checkProgram(program, self, names, false, false);
    }

    /**
     * As {@link #checkProgram(org.consortia.mpc.programs.CheckedProgram, int, IntFunction)}; a program that is not a
     * joint query's may not read a column with a column rule (the rules speak of a query's clauses, which a program has
     * none of), except {@code plaintext-to}.
     */
    public String checkProgram(CheckedProgram program, int self, IntFunction<String> names,
            boolean query) {
        return checkProgram(program, self, names, query, false);
    }

    /**
     * As above, the program's bytes estimated as the job's session sends them: with the dealer's material
     * ({@code dealer}), or without (comparisons bit by bit, {@link CheckedProgram#costWithoutDealer}; the larger).
     */
    public String checkProgram(CheckedProgram program, int self, IntFunction<String> names,
            boolean query, boolean dealer) {
        if (program.bytesPerParty(dealer) > maxProgramBytes) {
            return "rule 'programs.maxBytes': the program is estimated to send more bytes per party than this node allows";
        }
        if (datasets == null) {
            return null;
        }
        for (InputRead read : program.reads()) {
            if (read.member() != self) {
                continue;
            }
            DatasetRule r = rule(read.dataset(), Facts.Kind.TABLE);
            if (r == null) {
                continue; // refused by the exposure rule already
            }
            if (!query) {
                java.util.List<String> cols = new java.util.ArrayList<>(read.columns());
                if (read.key() != null) {
                    cols.add(read.key());
                }
                for (String c : cols) {
                    ColumnRule rule = r.columnRules().get(c.toLowerCase(java.util.Locale.ROOT));
                    if (rule != null && rule.kind() != ColumnRule.Kind.PLAINTEXT_TO) {
                        return "rule 'datasets[" + r.name() + "].columnRules." + c + ": " + rule.word() + "' allows the column"
                                + " only in joint queries; program node '" + read.node() + "' reads it";
                    }
                }
            }
            if (r.columns() != null) {
                for (String c : read.columns()) {
                    if (!r.columns().contains(c)) {
                        return "rule 'datasets[" + r.name() + "].columns' does not expose the column program node '"
                                + read.node() + "' reads";
                    }
                }
                if (read.key() != null && !r.columns().contains(read.key())) {
                    return "rule 'datasets[" + r.name() + "].columns' does not expose the key program node '" + read.node()
                            + "' aligns by";
                }
            }
        }
        for (RevealFact reveal : program.reveals()) {
            java.util.Set<Source> mine = new java.util.TreeSet<>();
            reveal.raw().stream().filter(s -> s.member() == self).forEach(mine::add);
            java.util.Set<Source> viaDp = new java.util.TreeSet<>();
            reveal.dp().stream().filter(s -> s.member() == self).forEach(viaDp::add);
            for (Source s : mine) {
                DatasetRule r = rule(s.dataset(), Facts.Kind.TABLE);
                if (r == null) {
                    continue;
                }
                if (r.requireDp() || r.budget() != null) { // a budget means DP releases only, as for built-in analyses
                    return "rule 'datasets[" + r.name() + "]." + (r.requireDp() ? "requireDp" : "budget")
                            + "': program node '" + reveal.node() + "' reveals a value derived from it other than through a DP "
                            + "release";
                }
                if (reveal.rowsBehind(s) < r.minRows()) {
                    return "rule 'datasets[" + r.name() + "].minRows' is not met by the rows behind program node '"
                            + reveal.node() + "'";
                }
            }
            mine.addAll(viaDp);
            for (Source s : mine) {
                DatasetRule r = rule(s.dataset(), Facts.Kind.TABLE);
                if (r != null && r.recipients() != null) {
                    for (int to : reveal.recipients()) {
                        if (!r.recipients().contains(names.apply(to))) {
                            return "rule 'datasets[" + r.name() + "].recipients' does not include " + names.apply(to)
                                    + " (program node '" + reveal.node() + "')";
                        }
                    }
                }
            }
        }
        return null;
    }

    /**
     * Checks a job against this policy as node {@code self}; returns {@code null} to accept or the refusal
     * naming the rule (never a count or a value). Every node checks every rule that concerns it: the analysis,
     * the recipients of every result (whether or not it contributes data), and for each file it reads, exposure,
     * the analyses allowed on it, and minRows: both this node's own rows of a table in the job and the rows
     * behind every revealed value must reach it.
     * @param names    party id to member name
     * @param running  jobs running on this node now
     */
    public String check(String analysis, Facts facts, int self, IntFunction<String> names, int running) {
        String pre = precheck(analysis, running);
        if (pre != null) {
            return pre;
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
                String refused = exposes(read.name(), read.kind(), analysis);
                if (refused != null) {
                    return refused;
                }
                DatasetRule r = rule(read.name(), read.kind());
                // a table's own rows count too: a job over [5000, 1] rows must not pass a minRows of 100 at the
                // member holding the 1 (a vector for secure-sum is one row by design; minContributors guards it)
                if (r.linkage() != null && facts.linksSecretly() && !r.linkage().contains("secret")) {
                    return "rule 'datasets[" + r.name() + "].linkage' does not allow secret";
                }
                if (r.holderSplits() && facts.reveals().stream().anyMatch(v -> v.label().equals(GbdtJob.WHOLE_MODEL))) {
                    return "rule 'datasets[" + r.name() + "].treeSplits' requires splits: holder (each split known to its "
                            + "feature's member only)";
                }
                if (analysis.equals("link") && r.linkage() != null) {
                    String mode = facts.linksEveryMembersRows() ? "intersection" : "cardinality";
                    if (!r.linkage().contains(mode)) {
                        return "rule 'datasets[" + r.name() + "].linkage' does not allow " + mode;
                    }
                }
                boolean ownRowsShort = read.kind() == Facts.Kind.TABLE && read.rows() < r.minRows();
                // a program's reveals are checked one by one (checkProgram): only those its data reach count
                if (ownRowsShort || !analysis.equals("program") && facts.minRowsBehind() < r.minRows()) {
                    return "rule 'datasets[" + r.name() + "].minRows' is not met by the rows behind a revealed value";
                }
            }
        }
        return null;
    }
}
