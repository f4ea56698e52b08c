package org.consortia.mpc.node.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.consortia.mpc.config.DatasetSpec;
import org.consortia.mpc.programs.CheckedProgram;
import org.consortia.mpc.programs.Evaluation;
import org.consortia.mpc.programs.ProgramException;
import org.consortia.mpc.programs.sql.CompiledQuery;
import org.consortia.mpc.programs.sql.SqlCatalog;
import org.consortia.mpc.programs.sql.SqlCompiler;
import org.consortia.mpc.programs.sql.SqlException;
import org.consortia.mpc.runtime.JointProgram;

import com.google.auto.service.AutoService;
import io.vertx.core.json.JsonObject;

/**
 * A joint query in SQL (analysis {@code query}): the SQL compiled to a program over the tables of the spec's catalog
 * ({@link org.consortia.mpc.programs.sql.SqlCompiler}), run as a program job, so every member checks its facts and
 * reveals as for any program, and its column rules against the query's uses of its columns. Each recipient's result
 * is the program's reveals, from which {@link #table} assembles the result table.
 */
public record QueryJob(CompiledQuery query, SqlCatalog catalog, ProgramJob program)
        implements Analysis {
    // query() is the record's accessor: the compiled query whose column uses each member checks
    @Override
    public String name() {
        return "query";
    }

    @Override
    public long rowsBehind() {
        return program.rowsBehind();
    }

    /**
     * The program, after each member has checked that its tables' declarations agree with the query's schema (a
     * category's labels in the same order, numbers as numbers): a category whose labels differ would count the wrong
     * groups without any error. A mismatch stops the job at that member before anything is read ({@code INPUT_INVALID};
     * the detail stays in its log).
     */
    @Override
    public JointProgram<double[]> program(JobContext ctx) {
        JointProgram<double[]> run = program.program(ctx);
        return party -> {
            java.util.List<String> members = program.checked().context().members();
            for (var t : catalog.tables()) {
                var spec = ctx.data().declaration(members.indexOf(t.member()), t.dataset());
                if (spec != null) {
                    checkSchema(t, spec);
                }
            }
            return run.run(party);
        };
    }

    private void checkSchema(SqlCatalog.Table t, DatasetSpec spec) {
        java.util.Set<String> used = new java.util.HashSet<>();
        query.uses().stream().filter(u -> u.table().equals(t.name())).forEach(u -> used.add(u.column().toLowerCase(
                java.util.Locale.ROOT)));
        for (var c : t.columns()) {
            if (!used.contains(c.name().toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            var d = spec.columns().stream().filter(x -> x.name().equalsIgnoreCase(c.name())).findFirst().orElse(null);
            if (d == null) {
                throw new JobError(ErrorCode.INPUT_INVALID, t.dataset() + ": has no column '" + c.name() + "' the query's"
                        + " schema names");
            }
            var type = d.type();
            boolean ok = switch (c.kind()) {
                case KEY -> true;
                case NUMBER -> type == DatasetSpec.Type.NUMBER
                        || type == DatasetSpec.Type.DATE
                        || type == DatasetSpec.Type.BOOLEAN;
                case CATEGORY -> type == DatasetSpec.Type.CATEGORY && d.labels().equals(c.labels())
                        || type == DatasetSpec.Type.NUMBER;
            };
            if (!ok) {
                throw new JobError(ErrorCode.INPUT_INVALID, t.dataset() + ": column '" + c.name() + "' is declared "
                        + type.name().toLowerCase(java.util.Locale.ROOT) + " here; the query's schema says "
                        + (c.kind() == SqlCatalog.Kind.CATEGORY ? "a category of labels "
                        + c.labels() + " (the same labels in the same order)" : c.kind().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
    }

    @Override
    public Privacy privacy() {
        return program.privacy();
    }

    @Override
    public Footprint footprint(int parties, int fracBits) {
        return program.footprint(parties, fracBits);
    }

    @Override
    public CheckedProgram checked() {
        return program.checked();
    }

    @Override
    public List<String> resultLabels(int party) {
        return program.resultLabels(party);
    }

    /** The result table from a recipient's result values (in the order of {@link #resultLabels(int)}). */
    public CompiledQuery.Table table(double[] result) {
        java.util.Map<String, Evaluation.Result> byLabel = new java.util.LinkedHashMap<>();
        int at = 0;
        for (var r : checked().reveals()) {
            int n = 1;
            for (int d : r.dims()) {
                n *= d;
            }
            if (at + n > result.length) {
                break; // a reveal to other members only: this result does not hold it
            }
            byLabel.put(r.label(), new Evaluation.Result(r.dims(),
                    java.util.Arrays.copyOfRange(result, at, at + n)));
            at += n;
        }
        return query.table(byLabel);
    }

    @Override
    public String toString() {
        return "query[" + query.outputs().size() + " columns]";
    }

    /** The job type {@code query}: a spec's parameters, each checked, into this job ({@link JobTypes}). */
    @AutoService(JobType.class)
    public static final class Type implements JobType {
        @Override
        public List<String> names() {
            return List.of("query");
        }

        @Override
        public Analysis parse(String name, SpecParams p) {
            return query(p);
        }

        /**
         * A joint query in SQL ({@link QueryJob}): {@code sql}, the public schema of the tables it may name ({@code tables},
         * JSON as {@link org.consortia.mpc.programs.sql.SqlCatalog} reads it), the recipients ({@code to}: member names,
         * comma-separated; every member by default) and the fewest rows behind a shown group ({@code minGroup}, default 1).
         * A query the compiler refuses is refused in one line naming the construct.
         */
        private static QueryJob query(SpecParams p) {
            String sql = p.string("sql", null);
            SqlCatalog catalog;
            try {
                catalog = SqlCatalog.parse(plain(new JsonObject(p.string("tables", null))));
            } catch (io.vertx.core.json.DecodeException e) {
                throw new SpecException("tables", "a JSON object of tables: {name: {member, dataset, rows, columns}}");
            } catch (SqlException e) {
                throw new SpecException("tables", e.getMessage(), true);
            }
            for (var t : catalog.tables()) {
                if (!p.members.contains(t.member())) {
                    throw new SpecException("tables", t.name() + ".member: one of " + p.members);
                }
                DataDir.checkName("tables", t.dataset());
            }
            String to = p.optional("to");
            List<String> recipients = to == null ? List.of() : Arrays.stream(to.split(",")).map(String::trim).toList();
            for (String r : recipients) {
                if (!p.members.contains(r)) {
                    throw new SpecException("to", "members of this consortium (" + String.join(", ", p.members) + "), comma-separated");
                }
            }
            int minGroup = p.integer("minGroup", 1, 1, 1 << 20);
            try {
                var q = SqlCompiler.compile(sql, catalog,
                        new SqlCompiler.Options(recipients, minGroup));
                return new QueryJob(q, catalog, ProgramJob.Type.checked(q.program(), p));
            } catch (SqlException e) {
                throw new SpecException("sql", e.getMessage(), true);
            } catch (ProgramException e) {
                throw new SpecException("sql", "the compiled query is refused: " + e.getMessage(), true);
            }
        }

        /** Vert.x JSON as plain maps and lists. */
        private static Object plain(Object v) {
            if (v instanceof JsonObject o) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
                return m;
            }
            if (v instanceof io.vertx.core.json.JsonArray a) {
                List<Object> l = new java.util.ArrayList<>();
                a.forEach(x -> l.add(plain(x)));
                return l;
            }
            return v;
        }
    }
}
