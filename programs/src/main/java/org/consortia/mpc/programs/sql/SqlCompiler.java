package org.consortia.mpc.programs.sql;

import static org.consortia.mpc.programs.sql.SqlSyntax.arity;
import static org.consortia.mpc.programs.sql.SqlSyntax.conjuncts;
import static org.consortia.mpc.programs.sql.SqlSyntax.epsilon;
import static org.consortia.mpc.programs.sql.SqlSyntax.firstLine;
import static org.consortia.mpc.programs.sql.SqlSyntax.functions;
import static org.consortia.mpc.programs.sql.SqlSyntax.isCount;
import static org.consortia.mpc.programs.sql.SqlSyntax.limit;
import static org.consortia.mpc.programs.sql.SqlSyntax.number;
import static org.consortia.mpc.programs.sql.SqlSyntax.order;
import static org.consortia.mpc.programs.sql.SqlSyntax.refuseUnsupported;
import static org.consortia.mpc.programs.sql.SqlSyntax.unwrap;
import static org.consortia.mpc.programs.sql.SqlSyntax.unwrapConstant;
import static org.consortia.mpc.programs.sql.Truth.and;
import static org.consortia.mpc.programs.sql.Truth.known;
import static org.consortia.mpc.programs.sql.Truth.or;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import org.consortia.mpc.programs.ProgramBuilder;
import org.consortia.mpc.programs.ProgramBuilder.Var;
import org.consortia.mpc.programs.sql.ColumnUse.Role;
import org.consortia.mpc.programs.sql.SqlCatalog.Kind;
import org.consortia.mpc.programs.sql.Truth.Cond;

/**
 * Compiles a SQL query over members' tables ({@link SqlCatalog}) to one program. The subset: {@code SELECT} of
 * {@code COUNT(*)}, {@code COUNT}, {@code SUM}, {@code AVG}, {@code MIN}, {@code MAX}, {@code DP_COUNT(eps)},
 * {@code DP_SUM(x, lo, hi, eps)}, {@code DP_AVG(x, lo, hi, eps)}, arithmetic between them and constants, and the GROUP BY
 * columns; {@code FROM} a table, {@code [INNER | LEFT] JOIN} others on equal keys (a secret join: nobody learns which
 * rows match); {@code WHERE} with comparisons, {@code AND OR NOT IN BETWEEN} on columns and constants; {@code GROUP BY}
 * category columns (their declared labels; every group computed, the empty ones dropped inside the computation);
 * {@code HAVING}; {@code ORDER BY} and {@code LIMIT} on the result. Anything else is refused in one line naming the
 * construct.
 * <p>The program reads each table's needed columns once, computes a 0/1 weight per row and group (WHERE, the inner
 * joins' matches, the group's labels), every aggregate as a sum over the rows, and reveals only the groups' values and
 * which groups are kept (non-empty, at least {@code minGroup} rows, HAVING), zeros in the others.
 */
public final class SqlCompiler {
    /** At most this many groups (the product of the GROUP BY columns' label counts). */
    public static final int MAX_GROUPS = 4096;
    /** Each DP aggregate's delta. */
    public static final double DP_DELTA = 1e-6;
    /** A count's largest value for an average (the quotient's range). */
    private static final double MAX_COUNT = (1 << 24) - 1;
    /** The value of a row outside a group for MIN and MAX (below the constants' range; values must be above it). */
    private static final double FAR = (1L << 30) - 1;
    private static final int MAX_SQL = 64 * 1024;

    /** What the compiled program reveals, and to whom. */
    public record Options(List<String> recipients, int minGroup) {
        public Options {
            recipients = List.copyOf(recipients);
            if (minGroup < 1) {
                throw new SqlException("minGroup: at least 1");
            }
        }
    }

    private final SqlCatalog catalog;
    private final Options options;
    private final ProgramBuilder p = new ProgramBuilder();
    private final List<ColumnUse> uses = new ArrayList<>();
    private final Map<String, Source> sources = new LinkedHashMap<>(); // by alias, lower case
    /** Where columns are read: a table's own input while its local work compiles, then the joined (or the one) rows. */
    private Var rows;
    private int n;
    private final Map<String, Integer> columnAt = new LinkedHashMap<>(); // alias.column -> position in rows
    private final Map<String, Integer> condAt = new LinkedHashMap<>(); // alias -> its local WHERE's 0/1 column
    private final Map<String, Integer> groupAt = new LinkedHashMap<>(); // alias.column -> its one-hot block
    private boolean localScope; // compiling one table's local work: its own rows, never NULL
    private int matchedBase; // the joined rows' first match column
    private Var weight; // [n, groups], 0/1
    private Var rowMask; // [n, 1] 0/1 or null (every row)
    private int groupCount = 1;
    private final List<Ref> groupBy = new ArrayList<>();
    private boolean dp;
    private boolean exact;
    /** GROUP BY one number column (any values): the groups found inside the computation ({@code group_sum}). */
    private boolean anyDomain;
    private Var grouped; // [n, 2 + k]: flag, key, the aggregates' sums (any domain)
    private final Map<String, Integer> sumAt = new LinkedHashMap<>(); // an aggregate's text -> its sums' column
    private final Set<String> nullable = new java.util.HashSet<>(); // aggregates over values that may be NULL

    private SqlCompiler(SqlCatalog catalog, Options options) {
        this.catalog = catalog;
        this.options = options;
    }

    /** A table in FROM: its alias, schema, position in the join (0: the anchor), its join key and whether LEFT joined. */
    private record Source(String alias, SqlCatalog.Table table, int position, String key, boolean nullable, String via) {
        Source(String alias, SqlCatalog.Table table, int position, String key, boolean nullable) {
            this(alias, table, position, key, nullable, null);
        }
    }

    /** A column of a table in FROM. */
    private record Ref(Source source, SqlCatalog.Column column) {
        String text() {
            return source.alias() + "." + column.name();
        }
    }

    /** A row-level value: its vector {@code [n, 1]}, the 0/1 vector of rows where it is not NULL ({@code null}: all). */
    private record RowValue(Var v, Var valid, Ref category) {
    }

    /** A group-level value {@code [groups]} and where it is not NULL (0/1; {@code null}: never NULL). */
    private record Agg(Var v, Var present) {
    }

    /** Compiles {@code sql}; refusals are {@link SqlException}s of one line. */
    public static CompiledQuery compile(String sql, SqlCatalog catalog, Options options) {
        if (sql == null || sql.isBlank() || sql.length() > MAX_SQL) {
            throw new SqlException("a query of 1 to " + MAX_SQL + " characters");
        }
        Statement st;
        try {
            st = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new SqlException("the query does not parse: " + firstLine(why));
        }
        if (!(st instanceof PlainSelect ps)) {
            throw new SqlException("only a SELECT is supported (got " + st.getClass().getSimpleName()
                    + "; UNION, WITH and sub-queries are not supported)");
        }
        return new SqlCompiler(catalog, options).select(sql, ps);
    }

    private CompiledQuery select(String sql, PlainSelect ps) {
        refuseUnsupported(ps);
        from(ps);
        groupColumns(ps);
        // WHERE's conjuncts on one table's columns run at its member, before the join; the others on the joined rows
        Map<String, List<Expression>> local = new LinkedHashMap<>();
        List<Expression> shared = new ArrayList<>();
        for (Expression e : conjuncts(ps.getWhere(), new ArrayList<>())) {
            Set<Ref> refs = new LinkedHashSet<>();
            collect(e, refs);
            Set<String> tables = new LinkedHashSet<>();
            refs.forEach(r -> tables.add(r.source().alias()));
            if (tables.size() == 1) {
                local.computeIfAbsent(tables.iterator().next(), k -> new ArrayList<>()).add(e);
            } else {
                shared.add(e);
            }
        }
        readColumns(ps, local, shared);
        Var where = null;
        for (Expression e : shared) {
            where = and(where, condition(e, "WHERE").t());
        }
        for (var e : condAt.entrySet()) {
            where = and(where, slice(e.getValue(), 1));
        }
        rowMask = and(where, innerMatches());
        groups();
        if (anyDomain) {
            groupSums(ps);
        }
        List<CompiledQuery.Output> outputs = new ArrayList<>();
        List<Var> values = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            outputs.add(selectItem(item, values));
        }
        Var keep = keep(ps);
        if (values.isEmpty()) {
            throw new SqlException("SELECT computes nothing: select at least one aggregate (COUNT, SUM, AVG, MIN, MAX, DP_...)");
        }
        if (anyDomain) { // [n, 2 + m]: shown, key, the values; the shown groups first
            List<Var> cols = new ArrayList<>(List.of(keep, slice(grouped, 1, 1)));
            values.forEach(v -> cols.add(v.reshape(n, 1)));
            Var all = p.concat(cols, 1).mul(keep.gt(p.scalar(0.5))); // zeros in the groups not shown (exactly)
            p.reveal(p.compact(all), options.recipients(), CompiledQuery.VALUES);
            return new CompiledQuery(sql, p.build(), uses, List.of(), outputs, true, order(ps, outputs), limit(ps), options);
        }
        List<Var> cols = values.stream().map(v -> v.reshape(groupCount, 1)).toList();
        Var all = cols.size() == 1 ? cols.get(0) : p.concat(cols, 1);
        if (keep != null) {
            all = all.mul(keep.reshape(groupCount, 1)); // zeros in the groups not shown
            p.reveal(keep, options.recipients(), CompiledQuery.KEEP);
        }
        p.reveal(all, options.recipients(), CompiledQuery.VALUES);
        return new CompiledQuery(sql, p.build(), uses, groupLabels(), outputs, keep != null, order(ps, outputs),
                limit(ps), options);
    }

    // -- FROM and JOIN --------------------------------------------------------------------------------------------

    private void from(PlainSelect ps) {
        Source anchor = source(ps.getFromItem(), 0, null, false);
        List<Join> joins = ps.getJoins() == null ? List.of() : ps.getJoins();
        String anchorKey = null;
        for (int i = 0; i < joins.size(); i++) {
            Join j = joins.get(i);
            if (j.isRight() || j.isFull() || j.isCross() || j.isNatural() || j.isOuter() && !j.isLeft() || j.isSimple()
                    || j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) {
                throw new SqlException("JOIN '" + j + "' is not supported (INNER JOIN and LEFT JOIN ... ON a.key = b.key are)");
            }
            if (j.getOnExpressions().size() != 1 || !(j.getOnExpressions().iterator().next() instanceof EqualsTo eq)
                    || !(eq.getLeftExpression() instanceof Column l) || !(eq.getRightExpression() instanceof Column r)) {
                throw new SqlException("JOIN '" + j + "': ON must equate one key column of each table (a.key = b.key)");
            }
            Source right = source(j.getRightItem(), i + 1, null, j.isLeft());
            Ref a = ref(l);
            Ref b = ref(r);
            Ref mine = a.source() == right ? a : b.source() == right ? b : null;
            Ref theirs = mine == a ? b : a;
            if (mine == null || theirs.source() == right) {
                throw new SqlException("JOIN '" + j + "': ON must equate a column of " + right.alias()
                        + " with a column of a table joined before it");
            }
            for (Ref k : List.of(mine, theirs)) {
                if (k.column().kind() == Kind.CATEGORY) {
                    throw new SqlException("JOIN '" + j + "': " + k.text() + " is a category; tables join on key or number columns");
                }
            }
            if (theirs.source().position() == 0) { // every table matches the anchor's one key
                if (anchorKey != null && !anchorKey.equalsIgnoreCase(theirs.column().name())) {
                    throw new SqlException("JOIN '" + j + "': every table joins on the same key of the first table ("
                            + anchor.alias() + "." + anchorKey + ")");
                }
                anchorKey = theirs.column().name();
            } else if (!theirs.column().name().equalsIgnoreCase(theirs.source().key())) {
                throw new SqlException("JOIN '" + j + "': " + theirs.source().alias() + " joined on " + theirs.source().key()
                        + "; every table joins on that one key");
            }
            // joined through a table other than the first: its key is that table's, NULL where that table has no row
            String via = theirs.source().position() == 0 ? null : theirs.source().alias();
            sources.put(right.alias(), new Source(right.alias(), right.table(), right.position(), mine.column().name(),
                    right.nullable(), via));
            for (Ref k : List.of(mine, theirs)) {
                use(k, Role.JOIN_KEY, "JOIN ... ON " + eq);
            }
        }
        if (anchorKey != null) {
            sources.put(anchor.alias(), new Source(anchor.alias(), anchor.table(), 0, anchorKey, false));
        }
        n = anchor.table().rows();
    }

    private Source source(FromItem item, int position, String key, boolean nullable) {
        if (!(item instanceof net.sf.jsqlparser.schema.Table t)) {
            throw new SqlException("FROM '" + item + "': only members' tables (no sub-queries)");
        }
        SqlCatalog.Table table = catalog.table(t.getName());
        if (table == null || t.getSchemaName() != null) {
            throw new SqlException("FROM " + t.getFullyQualifiedName() + ": no such table (known: "
                    + catalog.tables().stream().map(SqlCatalog.Table::name).toList() + ")");
        }
        String alias = (t.getAlias() == null ? table.name() : t.getAlias().getName()).toLowerCase(Locale.ROOT);
        if (sources.containsKey(alias) || sources.values().stream().anyMatch(s -> s.table() == table)) {
            throw new SqlException("FROM: " + table.name() + " twice (each table once; self-joins are not supported)");
        }
        Source s = new Source(alias, table, position, key, nullable);
        sources.put(alias, s);
        return s;
    }

    private Ref ref(Column c) {
        String name = c.getColumnName();
        Source s;
        if (c.getTable() != null && c.getTable().getName() != null) {
            s = sources.get(c.getTable().getName().toLowerCase(Locale.ROOT));
            if (s == null) {
                throw new SqlException("column " + c + ": no table or alias '" + c.getTable().getName() + "' in FROM");
            }
        } else {
            List<Source> holders = sources.values().stream().filter(x -> x.table().column(name) != null).toList();
            if (holders.size() != 1) {
                throw new SqlException("column " + name + (holders.isEmpty() ? ": no such column in " + sources.keySet()
                        : ": ambiguous (in " + holders.stream().map(Source::alias).toList() + "); qualify it"));
            }
            s = holders.get(0);
        }
        SqlCatalog.Column col = s.table().column(name);
        if (col == null) {
            throw new SqlException("column " + c + ": " + s.table().name() + " has no such column (its columns: "
                    + s.table().columns().stream().map(SqlCatalog.Column::name).toList() + ")");
        }
        return new Ref(sources.get(s.alias()), col);
    }

    private void use(Ref r, Role role, String clause) {
        uses.add(new ColumnUse(r.source().table().name(), r.source().table().member(), r.source().table().dataset(),
                r.column().name(), role, clause));
    }

    // -- reading ------------------------------------------------------------------------------------------------

    /**
     * Reads what the query needs of each table at its member, in one input per table, and does there what needs only
     * that table: its WHERE conjuncts (one 0/1 column) and the one-hot encodings of its GROUP BY columns. The shared
     * value columns, that column and those encodings are the table's values; one table's are the rows, several are
     * joined (secretly) on their keys.
     */
    private void readColumns(PlainSelect ps, Map<String, List<Expression>> localWhere, List<Expression> sharedWhere) {
        Set<Ref> shared = new LinkedHashSet<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            collect(item.getExpression(), shared);
        }
        sharedWhere.forEach(e -> collect(e, shared));
        collect(ps.getHaving(), shared);
        shared.removeIf(r -> groupBy.contains(r) && !usedOutsideGroupBy(ps, r, sharedWhere));
        if (anyDomain) {
            shared.addAll(groupBy); // its values are the groups' keys
        }
        List<Source> ordered = sources.values().stream().sorted(java.util.Comparator.comparingInt(Source::position)).toList();
        List<ProgramBuilder.JoinTable> tables = new ArrayList<>();
        List<Var> values = new ArrayList<>();
        int width = 0;
        for (Source s : ordered) {
            List<Expression> where = localWhere.getOrDefault(s.alias(), List.of());
            Set<Ref> mine = new LinkedHashSet<>();
            shared.stream().filter(r -> r.source().alias().equals(s.alias())).forEach(mine::add);
            where.forEach(e -> collect(e, mine));
            groupBy.stream().filter(r -> !anyDomain && r.source().alias().equals(s.alias())).forEach(mine::add);
            List<String> cols = new ArrayList<>();
            Map<String, Integer> at = new LinkedHashMap<>();
            for (Ref r : mine) {
                if (r.column().kind() == Kind.KEY) {
                    throw new SqlException("column " + r.text() + " is a key: it links records (JOIN ... ON) and is never"
                            + " a value, a filter or a group");
                }
                if (!at.containsKey(key(r))) {
                    at.put(key(r), cols.size());
                    cols.add(r.column().name());
                }
            }
            if (cols.isEmpty()) {
                if (ordered.size() == 1) { // COUNT(*) alone: the rows are public, a one-column read shows nothing more
                    throw new SqlException("the query reads no column of " + s.table().name()
                            + ": its row count is public (the schema's)");
                }
                tables.add(new ProgramBuilder.JoinTable(s.table().member(), s.table().dataset(), s.key(), List.of(),
                        s.table().rows(), true));
                continue;
            }
            // the table's own work, at its member
            localScope = true;
            rows = p.input(s.table().member(), s.table().dataset(), cols, s.table().rows(), null);
            n = s.table().rows();
            columnAt.clear();
            columnAt.putAll(at);
            List<Var> parts = new ArrayList<>();
            Map<String, Integer> joinedAt = new LinkedHashMap<>();
            for (Ref r : shared) {
                if (r.source().alias().equals(s.alias())) {
                    parts.add(column(r));
                    joinedAt.put(key(r), width++);
                }
            }
            Var keep = null;
            for (Expression e : where) {
                keep = and(keep, condition(e, "WHERE").t());
            }
            if (keep != null) {
                parts.add(keep);
                condAt.put(s.alias(), width++);
            }
            for (Ref r : anyDomain ? List.<Ref>of() : groupBy) {
                if (r.source().alias().equals(s.alias())) {
                    int labels = r.column().labels().size();
                    double[] idx = new double[labels];
                    for (int i = 0; i < labels; i++) {
                        idx[i] = i;
                    }
                    parts.add(column(r).eq(p.constant(new int[] {1, labels}, idx))); // [n, labels]
                    groupAt.put(key(r), width);
                    width += labels;
                }
            }
            localScope = false;
            values.add(parts.size() == 1 ? parts.get(0) : p.concat(parts, 1));
            tables.add(new ProgramBuilder.JoinTable(s.table().member(), s.table().dataset(), s.key(), List.of(),
                    s.table().rows()));
            columnAt.clear();
            columnAt.putAll(joinedAt);
        }
        Source anchor = ordered.get(0);
        n = anchor.table().rows();
        matchedBase = width;
        rows = ordered.size() == 1 ? values.get(0) : p.join(tables, values);
        if (ordered.size() > 1) { // every table's positions in the joined rows
            columnAt.clear();
            int w = 0;
            for (Source s : ordered) {
                for (Ref r : shared) {
                    if (r.source().alias().equals(s.alias())) {
                        columnAt.put(key(r), w++);
                    }
                }
                w += condAt.containsKey(s.alias()) ? 1 : 0;
                for (Ref r : anyDomain ? List.<Ref>of() : groupBy) {
                    w += r.source().alias().equals(s.alias()) ? r.column().labels().size() : 0;
                }
            }
        }
    }

    /** Whether a GROUP BY column is also needed as a value (in SELECT beyond its label, a shared WHERE or HAVING). */
    private boolean usedOutsideGroupBy(PlainSelect ps, Ref r, List<Expression> sharedWhere) {
        Set<Ref> refs = new LinkedHashSet<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (!(unwrap(item.getExpression()) instanceof Column)) {
                collect(item.getExpression(), refs);
            }
        }
        sharedWhere.forEach(e -> collect(e, refs));
        collect(ps.getHaving(), refs);
        return refs.contains(r);
    }

    private static String key(Ref r) {
        return r.source().alias() + "." + r.column().name().toLowerCase(Locale.ROOT);
    }

    /** Columns {@code [from, from + width)} of the rows. */
    private Var slice(int from, int width) {
        return slice(rows, from, width);
    }

    /** Columns {@code [from, from + width)} of {@code x} ({@code [n, ...]}). */
    private Var slice(Var x, int from, int width) {
        return x.slice(new int[] {0, from}, new int[] {n, from + width});
    }

    private void collect(Expression e, Set<Ref> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Column c) {
            out.add(ref(c));
        } else if (e instanceof net.sf.jsqlparser.expression.BinaryExpression b) {
            collect(b.getLeftExpression(), out);
            collect(b.getRightExpression(), out);
        } else if (e instanceof Function f && f.getParameters() != null) {
            for (Object x : f.getParameters()) {
                collect((Expression) x, out);
            }
        } else if (e instanceof ExpressionList<?> l) {
            for (Object x : l) {
                collect((Expression) x, out);
            }
        } else if (e instanceof NotExpression x) {
            collect(x.getExpression(), out);
        } else if (e instanceof SignedExpression x) {
            collect(x.getExpression(), out);
        } else if (e instanceof InExpression x) {
            collect(x.getLeftExpression(), out);
            collect(x.getRightExpression(), out);
        } else if (e instanceof Between x) {
            collect(x.getLeftExpression(), out);
            collect(x.getBetweenExpressionStart(), out);
            collect(x.getBetweenExpressionEnd(), out);
        }
    }

    /** The column {@code r} as {@code [n, 1]}. */
    private Var column(Ref r) {
        return slice(columnAt.get(key(r)), 1);
    }

    /** Per joined table, its 0/1 match column {@code [n, 1]} ({@code null} for the anchor or without a join). */
    private Var matched(Source s) {
        if (s.position() == 0 || sources.size() == 1) {
            return null;
        }
        Var bit = slice(matchedBase + s.position() - 1, 1);
        return s.via() == null ? bit : and(bit, matched(sources.get(s.via())));
    }

    private Var innerMatches() {
        Var m = null;
        for (Source s : sources.values()) {
            if (!s.nullable()) {
                m = and(m, matched(s));
            }
        }
        return m;
    }

    // -- row-level expressions ----------------------------------------------------------------------------------

    private RowValue value(Expression e, String clause, Role role) {
        e = unwrap(e);
        if (e instanceof Column c) {
            Ref r = ref(c);
            use(r, role, clause);
            if (r.column().kind() == Kind.CATEGORY && role != Role.FILTER) {
                throw new SqlException(clause + ": " + r.text() + " is a category; compare it with its labels or GROUP BY it"
                        + " (COUNT counts it)");
            }
            return new RowValue(column(r), r.source().nullable() && !localScope ? matched(r.source()) : null,
                    r.column().kind() == Kind.CATEGORY ? r : null);
        }
        if (e instanceof LongValue || e instanceof DoubleValue) {
            return new RowValue(p.scalar(number(e)), null, null);
        }
        if (e instanceof StringValue s) {
            throw new SqlException(clause + ": the string '" + s.getValue() + "' is compared with a number or used as one"
                    + " (strings are labels of category columns)");
        }
        if (e instanceof SignedExpression s) {
            RowValue x = numeric(value(s.getExpression(), clause, role), clause);
            return s.getSign() == '-' ? new RowValue(x.v().mul(-1), x.valid(), null) : x;
        }
        if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication || e instanceof Division) {
            var b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            RowValue l = numeric(value(b.getLeftExpression(), clause, role), clause);
            RowValue r = numeric(value(b.getRightExpression(), clause, role), clause);
            Var v = e instanceof Addition ? l.v().add(r.v()) : e instanceof Subtraction ? l.v().sub(r.v())
                    : e instanceof Multiplication ? l.v().mul(r.v()) : divide(l.v(), b.getRightExpression(), r.v(), clause);
            return new RowValue(v, and(l.valid(), r.valid()), null);
        }
        if (e instanceof Function f) {
            throw new SqlException(clause + ": " + f.getName() + "(...) is not a per-row function here (aggregates belong"
                    + " in SELECT and HAVING; no other functions are supported)");
        }
        throw new SqlException(clause + ": '" + e + "' is not supported (columns, numbers, + - * /, comparisons, AND OR"
                + " NOT, IN, BETWEEN)");
    }

    private static RowValue numeric(RowValue v, String clause) {
        if (v.category() != null) {
            throw new SqlException(clause + ": " + v.category().text() + " is a category, not a number (compare it with its"
                    + " labels)");
        }
        return v;
    }

    private Var divide(Var l, Expression rightExpr, Var r, String clause) {
        if (unwrap(rightExpr) instanceof LongValue || unwrap(rightExpr) instanceof DoubleValue) {
            double d = number(unwrap(rightExpr));
            if (d == 0) {
                throw new SqlException(clause + ": a division by zero");
            }
            return l.div(d);
        }
        return l.div(r);
    }

    private Cond condition(Expression e, String clause) {
        e = unwrap(e);
        if (e instanceof AndExpression a) {
            return Truth.both(condition(a.getLeftExpression(), clause), condition(a.getRightExpression(), clause));
        }
        if (e instanceof OrExpression o) {
            return Truth.either(condition(o.getLeftExpression(), clause), condition(o.getRightExpression(), clause));
        }
        if (e instanceof NotExpression x) {
            return Truth.negate(condition(x.getExpression(), clause));
        }
        if (e instanceof Between b) {
            RowValue x = value(b.getLeftExpression(), clause, Role.FILTER);
            Cond c = known(compare(x, ">=", b.getBetweenExpressionStart(), clause).mul(
                    compare(x, "<=", b.getBetweenExpressionEnd(), clause)), x.valid());
            return b.isNot() ? Truth.negate(c) : c;
        }
        if (e instanceof InExpression in) {
            RowValue x = value(in.getLeftExpression(), clause, Role.FILTER);
            if (!(in.getRightExpression() instanceof ExpressionList<?> list) || list.isEmpty()) {
                throw new SqlException(clause + ": IN takes a list of constants, not '" + in.getRightExpression() + "'");
            }
            Var any = null;
            for (Object item : list) {
                any = or(any, compare(x, "=", (Expression) item, clause)); // equalities of distinct constants: at most one
            }
            Cond c = known(any, x.valid());
            return in.isNot() ? Truth.negate(c) : c;
        }
        if (e instanceof ComparisonOperator cmp) {
            RowValue l = value(cmp.getLeftExpression(), clause, Role.FILTER);
            Var t = compare(l, cmp.getStringExpression(), cmp.getRightExpression(), clause);
            return known(t, l.valid());
        }
        throw new SqlException(clause + ": '" + e + "' is not a condition (comparisons, AND, OR, NOT, IN, BETWEEN are)");
    }

    /** {@code x op right} as 0/1: a category against a label, or numbers. */
    private Var compare(RowValue x, String op, Expression right, String clause) {
        right = unwrap(right);
        if (x.category() != null) {
            if (!(right instanceof StringValue s)) {
                throw new SqlException(clause + ": " + x.category().text() + " is a category; compare it with one of its"
                        + " labels ('...'), not with '" + right + "'");
            }
            int label = x.category().column().labels().indexOf(s.getValue());
            if (label < 0) {
                throw new SqlException(clause + ": '" + s.getValue() + "' is not a label of " + x.category().text());
            }
            return switch (op) {
                case "=" -> x.v().eq(label);
                case "<>", "!=" -> x.v().ne(p.scalar(label));
                default -> throw new SqlException(clause + ": a category compares with = and <> only (" + op + " given)");
            };
        }
        return compared(x.v(), op, numeric(value(right, clause, Role.FILTER), clause).v(), clause);
    }

    /** {@code l op r} as 0/1 for a SQL comparison operator. */
    private static Var compared(Var l, String op, Var r, String clause) {
        return switch (op) {
            case "=" -> l.eq(r);
            case "<>", "!=" -> l.ne(r);
            case "<" -> l.lt(r);
            case "<=" -> l.le(r);
            case ">" -> l.gt(r);
            case ">=" -> l.ge(r);
            default -> throw new SqlException(clause + ": the comparison " + op + " is not supported");
        };
    }

    // -- groups ---------------------------------------------------------------------------------------------------

    /** The GROUP BY columns: categories (their declared labels), not of a LEFT JOINed table; at most MAX_GROUPS groups. */
    private void groupColumns(PlainSelect ps) {
        if (ps.getGroupBy() == null) {
            return;
        }
        for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
            if (!(unwrap((Expression) o) instanceof Column c)) {
                throw new SqlException("GROUP BY '" + o + "': group by columns only");
            }
            Ref r = ref(c);
            if (r.column().kind() == Kind.NUMBER) { // any values: the groups are found inside the computation
                if (ps.getGroupBy().getGroupByExpressionList().size() != 1) {
                    throw new SqlException("GROUP BY " + r.text() + ": a number column groups alone (any values, found inside the"
                            + " computation); with other columns, group by category columns (their declared labels)");
                }
                anyDomain = true;
            } else if (r.column().kind() != Kind.CATEGORY) {
                throw new SqlException("GROUP BY " + r.text() + ": a key links records; group by a category or a number column");
            }
            if (r.source().nullable()) {
                throw new SqlException("GROUP BY " + r.text() + ": a column of a LEFT JOINed table (NULL groups are not"
                        + " supported)");
            }
            if (groupBy.contains(r)) {
                continue;
            }
            use(r, Role.GROUP_KEY, "GROUP BY " + ps.getGroupBy().getGroupByExpressionList());
            groupBy.add(r);
            if (!anyDomain) {
                int labels = r.column().labels().size();
                if ((long) groupCount * labels > MAX_GROUPS) {
                    throw new SqlException("GROUP BY: more than " + MAX_GROUPS + " groups (the product of the columns' labels)");
                }
                groupCount *= labels;
            }
        }
    }

    /** The weight of every row in every group: the groups' one-hot blocks (encoded at their members) times the mask. */
    private void groups() {
        if (anyDomain) {
            weight = rowMask;
            return;
        }
        Var g = null;
        int count = 1;
        for (Ref r : groupBy) {
            int labels = r.column().labels().size();
            Var ind = slice(groupAt.get(key(r)), labels);
            g = g == null ? ind : g.reshape(n, count, 1).mul(ind.reshape(n, 1, labels)).reshape(n, count * labels);
            count *= labels;
        }
        weight = g == null ? rowMask : rowMask == null ? g : g.mul(rowMask);
    }

    private List<List<String>> groupLabels() {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (Ref r : groupBy) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String label : r.column().labels()) {
                    List<String> l = new ArrayList<>(prefix);
                    l.add(label);
                    next.add(l);
                }
            }
            out = next;
        }
        return out;
    }

    /** The weight of every row in every group, {@code [n, groups]}, times {@code valid} ({@code [n, 1]}, or none). */
    private Var weights(Var valid) {
        Var w = weight == null ? valid : valid == null ? weight : weight.mul(valid);
        // every row counts: ones derived from the rows themselves (row-local, as a DP release needs; a public column of
        // ones varying along the rows would count as a selection of single rows)
        return w != null ? w : rows.slice(new int[] {0, 0}, new int[] {n, 1}).mul(0).add(1);
    }

    // -- aggregates and the SELECT list -------------------------------------------------------------------------

    private CompiledQuery.Output selectItem(SelectItem<?> item, List<Var> values) {
        Expression e = unwrap(item.getExpression());
        String name = item.getAlias() != null ? item.getAlias().getName() : item.getExpression().toString();
        if (e instanceof Column c) {
            Ref r = ref(c);
            int g = groupBy.indexOf(r);
            if (g < 0) {
                throw new SqlException("SELECT " + c + " would reveal per-row values: aggregate it (COUNT, SUM, AVG, MIN, MAX,"
                        + " DP_...) or GROUP BY it");
            }
            return new CompiledQuery.Output(name, CompiledQuery.Output.Kind.LABEL, g, 0, false, -1);
        }
        if (e instanceof LongValue || e instanceof DoubleValue) {
            return new CompiledQuery.Output(name, CompiledQuery.Output.Kind.CONSTANT, 0, number(e), e instanceof LongValue, -1);
        }
        boolean[] integer = {true};
        Agg v = groupValue(e, "SELECT " + item, integer);
        values.add(v.v());
        int at = values.size() - 1;
        if (v.present() != null) { // revealed beside it: an aggregate over no value is NULL, as in SQL
            values.add(v.present());
        }
        return new CompiledQuery.Output(name, CompiledQuery.Output.Kind.VALUE, at, 0, integer[0],
                v.present() == null ? -1 : at + 1);
    }

    /** A group-level value {@code [groups]}: aggregates, constants and arithmetic between them (NULL if any is). */
    private Agg groupValue(Expression e, String clause, boolean[] integer) {
        e = unwrap(e);
        if (e instanceof Function f) {
            return aggregate(f, clause, integer);
        }
        if (e instanceof LongValue || e instanceof DoubleValue) {
            integer[0] &= e instanceof LongValue;
            return new Agg(p.scalar(number(e)), null);
        }
        if (e instanceof SignedExpression s) {
            Agg x = groupValue(s.getExpression(), clause, integer);
            return s.getSign() == '-' ? new Agg(x.v().mul(-1), x.present()) : x;
        }
        if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication || e instanceof Division) {
            var b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            Agg l = groupValue(b.getLeftExpression(), clause, integer);
            Agg r = groupValue(b.getRightExpression(), clause, integer);
            Var present = and(l.present(), r.present());
            if (e instanceof Division) {
                integer[0] = false;
                return new Agg(isCount(b.getRightExpression()) ? l.v().ratio(p.clamp(r.v(), 1, MAX_COUNT)) // a count keeps its digits
                        : divide(l.v(), b.getRightExpression(), r.v(), clause), present);
            }
            return new Agg(e instanceof Addition ? l.v().add(r.v()) : e instanceof Subtraction ? l.v().sub(r.v())
                    : l.v().mul(r.v()), present);
        }
        if (e instanceof Column c) {
            throw new SqlException(clause + ": " + c + " outside an aggregate would reveal per-row values (aggregate it, or"
                    + " GROUP BY it and select it alone)");
        }
        throw new SqlException(clause + ": '" + e + "' is not supported here (aggregates, numbers, + - * /)");
    }

    private Agg aggregate(Function f, String clause, boolean[] integer) {
        String fn = f.getName().toUpperCase(Locale.ROOT);
        List<Expression> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Object o : f.getParameters()) {
                args.add((Expression) o);
            }
        }
        if (f.isDistinct()) {
            throw new SqlException(clause + ": " + fn + "(DISTINCT ...) is not supported");
        }
        boolean star = f.isAllColumns() || args.size() == 1 && args.get(0) instanceof AllColumns;
        Role role = fn.startsWith("DP_") ? Role.DP_AGGREGATE : List.of("MIN", "MAX").contains(fn) ? Role.EXTREMUM
                : Role.AGGREGATE;
        exact |= role != Role.DP_AGGREGATE;
        if (dp && exact || role == Role.DP_AGGREGATE && exact) {
            throw new SqlException(clause + ": a query's aggregates are all DP (DP_COUNT, DP_SUM, DP_AVG) or all exact: an"
                    + " exact one beside a DP one would show groups the DP release hides");
        }
        if (anyDomain) {
            return groupedAggregate(f, fn, star, args, clause, integer);
        }
        switch (fn) {
            case "COUNT" -> {
                if (star) {
                    return new Agg(count(null), null);
                }
                arity(fn, args, 1, clause);
                return new Agg(count(countedValid(args.get(0), clause)), null);
            }
            case "SUM" -> {
                arity(fn, args, 1, clause);
                RowValue x = aggregated(args.get(0), clause, role);
                integer[0] = false;
                return new Agg(sum(x), present(x));
            }
            case "AVG" -> {
                arity(fn, args, 1, clause);
                RowValue x = aggregated(args.get(0), clause, role);
                integer[0] = false;
                return new Agg(sum(x).ratio(p.clamp(count(x.valid()), 1, MAX_COUNT)), present(x));
            }
            case "MIN", "MAX" -> {
                arity(fn, args, 1, clause);
                RowValue x = aggregated(args.get(0), clause, role);
                integer[0] = false;
                boolean min = fn.equals("MIN");
                Var v = min ? x.v().mul(-1) : x.v();
                // a row outside the group counts as -FAR: w (v + FAR) - FAR
                Var m = p.max(weights(x.valid()).mul(v.add(FAR)).sub(FAR), 0);
                return new Agg(min ? m.mul(-1) : m, present(x));
            }
            case "DP_COUNT" -> {
                arity(fn, args, 1, clause);
                dp = true;
                return new Agg(p.dpSum(weights(null), 0, 1, epsilon(args.get(0), fn, clause), DP_DELTA), null);
            }
            case "DP_SUM", "DP_AVG" -> {
                arity(fn, args, 4, clause);
                dp = true;
                integer[0] = false;
                RowValue x = aggregated(args.get(0), clause, role);
                double lo = number(unwrapConstant(args.get(1), fn, clause));
                double hi = number(unwrapConstant(args.get(2), fn, clause));
                double eps = epsilon(args.get(3), fn, clause);
                if (!(lo < hi)) {
                    throw new SqlException(clause + ": " + fn + "(x, lower, upper, epsilon) needs lower < upper");
                }
                Var clamped = p.clamp(x.v(), lo, hi).mul(weights(x.valid()));
                double share = fn.equals("DP_AVG") ? eps / 2 : eps;
                Var s = p.dpSum(clamped, Math.min(lo, 0), Math.max(hi, 0), share, DP_DELTA);
                if (fn.equals("DP_SUM")) {
                    return new Agg(s, null);
                }
                Var c = p.dpSum(weights(x.valid()), 0, 1, share, DP_DELTA);
                return new Agg(s.ratio(p.clamp(c, 1, MAX_COUNT)), null);
            }
            default -> throw new SqlException(clause + ": " + f.getName() + "(...) is not supported (COUNT, SUM, AVG, MIN, MAX,"
                    + " DP_COUNT(epsilon), DP_SUM(x, lower, upper, epsilon), DP_AVG(x, lower, upper, epsilon))");
        }
    }

    /**
     * The sums every aggregate of the query needs, per row (COUNT(*): the row's weight; COUNT(x): where x is not NULL;
     * SUM(x), AVG(x): x there and its count), grouped by the GROUP BY column's values inside the computation.
     */
    private void groupSums(PlainSelect ps) {
        List<Function> aggregates = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            functions(item.getExpression(), aggregates);
        }
        functions(ps.getHaving(), aggregates);
        Var w = weight != null ? weight : slice(0, 1).mul(0).add(1);
        List<Var> cols = new ArrayList<>();
        List<Integer> maxColumns = new ArrayList<>();
        sumAt.put("COUNT(*)", 2);
        cols.add(w);
        for (Function f : aggregates) {
            String fn = f.getName().toUpperCase(Locale.ROOT);
            String clause = "SELECT " + f;
            if (!List.of("COUNT", "SUM", "AVG", "MIN", "MAX").contains(fn)) {
                throw new SqlException(clause + ": with GROUP BY a number column (groups found inside the computation), COUNT,"
                        + " SUM, AVG, MIN and MAX are supported; group by a category column for " + fn);
            }
            List<Expression> args = f.getParameters() == null ? List.of() : f.getParameters().stream().map(Expression.class::cast)
                    .toList();
            if (f.isDistinct() || args.size() != 1) {
                throw new SqlException(clause + ": " + fn + " takes one argument (no DISTINCT)");
            }
            if (args.get(0) instanceof AllColumns) {
                continue; // COUNT(*): the weight
            }
            boolean extremum = fn.equals("MIN") || fn.equals("MAX");
            Role role = extremum ? Role.EXTREMUM : Role.AGGREGATE;
            String text = f.toString();
            if (sumAt.containsKey("count " + text)) {
                continue;
            }
            RowValue x = fn.equals("COUNT") ? new RowValue(null, countedValid(args.get(0), clause), null)
                    : aggregated(args.get(0), clause, role);
            Var counted = x.valid() == null ? w : w.mul(x.valid());
            if (x.valid() != null) {
                nullable.add(text);
            }
            if (extremum) { // the group's maximum of x (or of -x): a row that does not count holds -FAR
                Var v = fn.equals("MIN") ? x.v().mul(-1) : x.v();
                maxColumns.add(cols.size());
                sumAt.put(text, 2 + cols.size());
                cols.add(counted.mul(v.add(FAR)).sub(FAR));
            } else if (!fn.equals("COUNT")) {
                sumAt.put(text, 2 + cols.size());
                cols.add(counted.mul(x.v()));
            }
            sumAt.put("count " + text, 2 + cols.size());
            cols.add(counted);
        }
        // the weight as a 0/1 value of scale 0 (a join's matches arrive at the values' scale)
        grouped = p.groupSum(column(groupBy.get(0)), w.gt(p.scalar(0.5)), cols.size() == 1 ? cols.get(0) : p.concat(cols, 1),
                maxColumns.stream().mapToInt(Integer::intValue).toArray());
    }

    /** An aggregate over the groups found inside the computation: a column of their sums (AVG: two). */
    private Agg groupedAggregate(Function f, String fn, boolean star, List<Expression> args, String clause, boolean[] integer) {
        if (star && fn.equals("COUNT")) {
            return new Agg(slice(grouped, 2, 1), null);
        }
        String text = f.toString();
        Var count = slice(grouped, sumAt.get("count " + text), 1);
        if (fn.equals("COUNT")) {
            return new Agg(count, null);
        }
        integer[0] = false;
        Var sum = slice(grouped, sumAt.get(text), 1);
        Var present = nullable.contains(text) // a shown group has rows; values that may be NULL need minGroup of their own
                ? count.ge(p.scalar(Math.max(1, options.minGroup()) - 0.5)) : null;
        return new Agg(switch (fn) {
            case "SUM", "MAX" -> sum;
            case "MIN" -> sum.mul(-1);
            default -> sum.ratio(p.clamp(count, 1, MAX_COUNT));
        }, present);
    }

    /** COUNT(x) counts the rows where x is not NULL: a column's table matched, or any row. */
    private Var countedValid(Expression e, String clause) {
        e = unwrap(e);
        if (e instanceof Column c) {
            Ref r = ref(c);
            use(r, Role.AGGREGATE, clause);
            return r.source().nullable() ? matched(r.source()) : null;
        }
        return value(e, clause, Role.AGGREGATE).valid();
    }

    private RowValue aggregated(Expression e, String clause, Role role) {
        if (unwrap(e) instanceof Function f) {
            throw new SqlException(clause + ": " + f.getName() + " inside an aggregate is not supported");
        }
        return numeric(value(e, clause, role), clause);
    }

    /**
     * Where an aggregate of {@code x} has a value: some row of the group has one. Needed where x may be NULL (a LEFT
     * JOINed column) or without GROUP BY (no row at all); otherwise a shown group has rows.
     */
    private Var present(RowValue x) {
        if (x.valid() == null && !groupBy.isEmpty()) {
            return null; // the group's rows are the aggregate's: minGroup holds them already
        }
        // over values that may be NULL (a LEFT JOINed table): shown only over at least minGroup of them
        return count(x.valid()).ge(p.scalar(Math.max(1, options.minGroup()) - 0.5));
    }

    private Var count(Var valid) {
        return weights(valid).sum(0);
    }

    private Var sum(RowValue x) {
        return weights(x.valid()).mul(x.v()).sum(0);
    }

    // -- HAVING, kept groups, ORDER BY, LIMIT ---------------------------------------------------------------------

    /** The 0/1 groups kept ({@code [groups]}), or {@code null} when every group is shown. */
    private Var keep(PlainSelect ps) {
        Var keep = null;
        if (anyDomain) { // a row that ends a group of counted rows, of at least minGroup of them
            keep = slice(grouped, 0, 1);
            if (options.minGroup() > 1) {
                keep = keep.mul(slice(grouped, sumAt.get("COUNT(*)"), 1).ge(p.scalar(options.minGroup() - 0.5)));
            }
        } else if (!dp && (!groupBy.isEmpty() || options.minGroup() > 1)) {
            Var rowsIn = count(null); // a group is shown when it has a row (GROUP BY) and at least minGroup of them
            keep = rowsIn.ge(p.scalar(Math.max(1, options.minGroup()) - 0.5));
        }
        if (ps.getHaving() != null) {
            Var h = having(ps.getHaving(), "HAVING " + ps.getHaving()).t();
            keep = keep == null ? h : keep.mul(h);
        }
        return keep;
    }

    /** A HAVING condition over the groups: where TRUE and where FALSE (NULL neither), as {@link #condition}. */
    private Cond having(Expression e, String clause) {
        e = unwrap(e);
        if (e instanceof AndExpression a) {
            return Truth.both(having(a.getLeftExpression(), clause), having(a.getRightExpression(), clause));
        }
        if (e instanceof OrExpression o) {
            return Truth.either(having(o.getLeftExpression(), clause), having(o.getRightExpression(), clause));
        }
        if (e instanceof NotExpression x) {
            return Truth.negate(having(x.getExpression(), clause));
        }
        if (e instanceof Between b) {
            Agg x = groupValue(b.getLeftExpression(), clause, new boolean[1]);
            Agg lo = groupValue(b.getBetweenExpressionStart(), clause, new boolean[1]);
            Agg hi = groupValue(b.getBetweenExpressionEnd(), clause, new boolean[1]);
            Cond c = known(x.v().ge(lo.v()).mul(x.v().le(hi.v())), and(x.present(), and(lo.present(), hi.present())));
            return b.isNot() ? Truth.negate(c) : c;
        }
        if (e instanceof ComparisonOperator c) {
            Agg l = groupValue(c.getLeftExpression(), clause, new boolean[1]);
            Agg r = groupValue(c.getRightExpression(), clause, new boolean[1]);
            return known(compared(l.v(), c.getStringExpression(), r.v(), clause), and(l.present(), r.present()));
        }
        throw new SqlException(clause + ": '" + e + "' is not a condition on aggregates");
    }

}
