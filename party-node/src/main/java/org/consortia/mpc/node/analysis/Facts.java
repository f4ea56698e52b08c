package org.consortia.mpc.node.analysis;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a job does with the members' data, traced from the very program the job runs (see {@link FactsTracer}):
 * every dataset each party reads, and every value opened, to whom, how many elements, and how many rows stand
 * behind it. Policies are checked against these facts, audit records list them, and at run time a node refuses
 * any read or reveal that is not among them ({@link DataAccess}, {@link RevealLedger}).
 */
public record Facts(List<Read> reads, List<Reveal> reveals) {
    public Facts {
        reads = List.copyOf(reads);
        reveals = List.copyOf(reveals);
    }

    /** What a read is of. */
    public enum Kind { TABLE, ROWS, MODEL }

    /** Party {@code party} reads its file {@code name} ({@code rows} rows, -1 for a model). */
    public record Read(int party, String name, Kind kind, long rows) {
    }

    /**
     * Why a value is opened: a result of the analysis, a one-bit check that stops the job when it fails, or what a
     * record linkage tells a member of its own rows (which are common to every member).
     */
    public enum Purpose { RESULT, CHECK, LINKAGE }

    /**
     * One opening: {@code recipients} (every party, or one), {@code elements} values, the {@code rowsBehind}
     * rows of data that each revealed value aggregates, and what it is ({@code label}, public).
     */
    public record Reveal(Purpose purpose, String label, List<Integer> recipients, long elements, long rowsBehind) {
        public Reveal {
            recipients = List.copyOf(recipients);
        }
    }

    /** The label of the one bit a secret linkage opens: whether enough rows are common (the only thing it tells). */
    public static final String SECRET_LINKAGE = "common rows at least minMatched";

    /** Whether the job joins members' rows inside the computation (a secret linkage: nothing of membership is told). */
    public boolean linksSecretly() {
        return reveals.stream().anyMatch(r -> r.purpose() == Purpose.LINKAGE && r.label().equals(SECRET_LINKAGE));
    }

    /**
     * Whether a record linkage tells the members which of their rows are common (INTERSECTION), not only how many: a
     * membership reveal to any member but the leader, which can tell its own rows' membership in either mode.
     */
    public boolean linksEveryMembersRows() {
        return reveals.stream().anyMatch(r -> r.purpose() == Purpose.LINKAGE && !r.label().equals(SECRET_LINKAGE)
                && r.recipients().stream().anyMatch(p -> p != 0));
    }

    /** Whether a record linkage tells any member which of its rows are common (not only how many). */
    public boolean linksMembership() {
        return reveals.stream().anyMatch(r -> r.purpose() == Purpose.LINKAGE && !r.label().equals(SECRET_LINKAGE));
    }

    /** The datasets party {@code party} reads. */
    public List<Read> readsOf(int party) {
        return reads.stream().filter(r -> r.party() == party).toList();
    }

    /** Every party that receives a revealed result. */
    public Set<Integer> resultRecipients() {
        Set<Integer> out = new TreeSet<>();
        reveals.stream().filter(r -> r.purpose() == Purpose.RESULT).forEach(r -> out.addAll(r.recipients()));
        return out;
    }

    /** The facts as JSON for audit records, with parties by name. */
    public io.vertx.core.json.JsonObject toJson(java.util.function.IntFunction<String> names) {
        io.vertx.core.json.JsonArray r = new io.vertx.core.json.JsonArray();
        reads.forEach(x -> r.add(new io.vertx.core.json.JsonObject().put("party", names.apply(x.party())).put("name", x.name())
                .put("kind", x.kind().name().toLowerCase()).put("rows", x.rows())));
        return new io.vertx.core.json.JsonObject().put("reads", r).put("reveals", revealsJson(reveals, names, true));
    }

    /** Reveals as JSON (what was or will be opened, to whom by name), with the rows behind each if asked. */
    public static io.vertx.core.json.JsonArray revealsJson(List<Reveal> reveals, java.util.function.IntFunction<String> names,
            boolean withRows) {
        io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
        for (Reveal x : reveals) {
            io.vertx.core.json.JsonObject o = new io.vertx.core.json.JsonObject().put("purpose", x.purpose().name().toLowerCase())
                    .put("label", x.label()).put("to", new io.vertx.core.json.JsonArray(x.recipients().stream().map(names::apply)
                            .toList())).put("elements", x.elements());
            a.add(withRows ? o.put("rowsBehind", x.rowsBehind()) : o);
        }
        return a;
    }

    /** The fewest rows behind any revealed value (Long.MAX_VALUE when nothing aggregates data). */
    public long minRowsBehind() {
        return reveals.stream().filter(r -> r.purpose() != Purpose.LINKAGE).mapToLong(Reveal::rowsBehind).min()
                .orElse(Long.MAX_VALUE);
    }
}
