package org.consortia.mpc.node.analysis;

import java.util.List;
import java.util.TreeSet;

import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.SecurityMode;
import org.consortia.mpc.node.jobs.JobSpec;

/**
 * Turns a job spec (analysis name and string parameters, as it travels) into a typed {@link Analysis}, once, at
 * the edge: every field is checked (party ids, plain file names, positive sizes within {@link SpecLimits}),
 * unknown parameters are refused, and each error is a {@link SpecException} naming the field. Every node parses
 * every job it votes on, the dealer included, before any file access.
 */
public final class AnalysisParser {
    /** Every analysis a job may name: the registered job types' names ({@link JobTypes}), sorted. */
    public static final List<String> NAMES = JobTypes.names();

    private AnalysisParser() {
    }

    /**
     * The parameters the parser consults for {@code spec} (those it gives, and the optional ones it would take), in
     * name order: what the analysis reference lists, from the parser itself.
     */
    public static java.util.SortedSet<String> parameters(JobSpec spec, int parties, SpecLimits limits) {
        SpecParams p = new SpecParams(spec.params(), indices(parties), limits);
        parse(spec, p);
        return new TreeSet<>(p.used);
    }

    public static Analysis parse(JobSpec spec, int parties, SpecLimits limits) {
        return parse(spec, new SpecParams(spec.params(), indices(parties), limits));
    }

    /** As {@link #parse(JobSpec, int, SpecLimits)} in a consortium of {@code members} (names in party order). */
    public static Analysis parse(JobSpec spec, List<String> members, SpecLimits limits) {
        return parse(spec, new SpecParams(spec.params(), members, limits));
    }

    /** Members known only by their indices ("0", "1", ...): programs may still name them by index. */
    private static List<String> indices(int parties) {
        return java.util.stream.IntStream.range(0, parties).mapToObj(Integer::toString).toList();
    }

    private static Analysis parse(JobSpec spec, SpecParams p) {
        p.fractionalBits();
        p.offline();
        p.comparisons();
        p.security();
        JobType type = JobTypes.get(spec.analysis());
        if (type == null) {
            throw new SpecException("(analysis)", "one of " + String.join(", ", NAMES));
        }
        Analysis a = type.parse(spec.analysis(), p);
        p.refuseUnknown();
        return a;
    }

    /**
     * Where the job's correlated randomness comes from: its {@code offline} parameter ({@code dealer} or {@code ot}),
     * or {@code fallback} (the consortium's) when the spec sets none.
     */
    public static OfflineMode offline(JobSpec spec, OfflineMode fallback) {
        String v = spec.params().get("offline");
        return v == null ? fallback : OfflineMode.of(v.trim());
    }

    /**
     * How the job's comparisons run: its {@code comparisons} parameter ({@code boolean}, {@code fss} or {@code auto}),
     * or {@code fallback} (the consortium's) when the spec sets none.
     */
    public static ComparisonMode comparisons(JobSpec spec,
            ComparisonMode fallback) {
        String v = spec.params().get("comparisons");
        return v == null || v.isBlank() ? fallback : ComparisonMode.of(v.trim());
    }

    /**
     * Against whom the job is secure: its {@code security} parameter ({@code semi-honest} or {@code malicious}), or
     * {@code fallback} (the consortium's) when the spec sets none.
     */
    public static SecurityMode security(JobSpec spec,
            SecurityMode fallback) {
        String v = spec.params().get("security");
        return v == null || v.isBlank() ? fallback : SecurityMode.of(v.trim());
    }

    /** An inference job's announced depth bound for a tree ensemble (its {@code depth} parameter, default 8). */
    public static int treeDepth(JobSpec spec) {
        String v = spec.params().get("depth");
        return v == null ? 8 : Integer.parseInt(v.trim());
    }

    /** The job's fractional bits, or {@code fallback} when the spec sets none. */
    public static int fractionalBits(JobSpec spec, int fallback) {
        String v = spec.params().get("fractionalBits");
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

}
