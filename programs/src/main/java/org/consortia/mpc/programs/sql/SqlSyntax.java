package org.consortia.mpc.programs.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The parts of a query read without the catalog: what the subset refuses outright, WHERE's conjuncts, the aggregates an
 * expression names, constants, ORDER BY and LIMIT on the result (each refusal one line naming the construct).
 */
final class SqlSyntax {
    private SqlSyntax() {
    }

    static void refuseUnsupported(PlainSelect ps) {
        if (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty()) {
            throw new SqlException("WITH is not supported (one SELECT over members' tables)");
        }
        if (ps.getDistinct() != null) {
            throw new SqlException("SELECT DISTINCT is not supported (GROUP BY a category column instead)");
        }
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (item.getExpression() instanceof AllColumns) {
                throw new SqlException("SELECT * would reveal per-row values: select aggregates (COUNT, SUM, AVG, MIN, MAX,"
                        + " DP_...)");
            }
        }
        if (ps.getFromItem() == null) {
            throw new SqlException("a query reads members' tables: FROM is required");
        }
        if (ps.getOffset() != null || ps.getFetch() != null || ps.getTop() != null) {
            throw new SqlException("OFFSET, FETCH and TOP are not supported (LIMIT is)");
        }
    }

    /** A query's WHERE as its top-level conjuncts. */
    static List<Expression> conjuncts(Expression e, List<Expression> out) {
        e = unwrap(e);
        if (e == null) {
            return out;
        }
        if (e instanceof AndExpression a) {
            conjuncts(a.getLeftExpression(), out);
            conjuncts(a.getRightExpression(), out);
        } else {
            out.add(e);
        }
        return out;
    }

    static void functions(Expression e, List<Function> out) {
        e = unwrap(e);
        if (e instanceof Function f) {
            out.add(f);
        } else if (e instanceof net.sf.jsqlparser.expression.BinaryExpression b) {
            functions(b.getLeftExpression(), out);
            functions(b.getRightExpression(), out);
        } else if (e instanceof SignedExpression x) {
            functions(x.getExpression(), out);
        } else if (e instanceof NotExpression x) {
            functions(x.getExpression(), out);
        } else if (e instanceof Between x) {
            functions(x.getLeftExpression(), out);
            functions(x.getBetweenExpressionStart(), out);
            functions(x.getBetweenExpressionEnd(), out);
        }
    }

    static boolean isCount(Expression e) {
        return unwrap(e) instanceof Function f && List.of("COUNT", "DP_COUNT").contains(f.getName().toUpperCase(Locale.ROOT));
    }

    static void arity(String fn, List<Expression> args, int k, String clause) {
        if (args.size() != k) {
            throw new SqlException(clause + ": " + fn + " takes " + k + " argument" + (k == 1 ? "" : "s") + ", got " + args.size());
        }
    }

    static double epsilon(Expression e, String fn, String clause) {
        double eps = number(unwrapConstant(e, fn, clause));
        if (!(eps > 0 && eps <= 10)) {
            throw new SqlException(clause + ": " + fn + "'s epsilon must be in (0, 10]");
        }
        return eps;
    }

    static Expression unwrapConstant(Expression e, String fn, String clause) {
        Expression x = unwrap(e);
        if (x instanceof SignedExpression s && (unwrap(s.getExpression()) instanceof LongValue
                || unwrap(s.getExpression()) instanceof DoubleValue)) {
            return x;
        }
        if (!(x instanceof LongValue) && !(x instanceof DoubleValue)) {
            throw new SqlException(clause + ": " + fn + "'s bounds and epsilon are numbers, not '" + e + "'");
        }
        return x;
    }

    static List<CompiledQuery.Order> order(PlainSelect ps, List<CompiledQuery.Output> outputs) {
        List<CompiledQuery.Order> out = new ArrayList<>();
        if (ps.getOrderByElements() == null) {
            return out;
        }
        for (OrderByElement o : ps.getOrderByElements()) {
            Expression e = unwrap(o.getExpression());
            int at = -1;
            if (e instanceof LongValue l && l.getValue() >= 1 && l.getValue() <= outputs.size()) {
                at = (int) l.getValue() - 1;
            } else {
                String text = e.toString();
                for (int i = 0; i < outputs.size() && at < 0; i++) {
                    if (outputs.get(i).name().equalsIgnoreCase(text)) {
                        at = i;
                    }
                }
            }
            if (at < 0) {
                throw new SqlException("ORDER BY " + o + ": order by a selected column (its alias, its text or its position)");
            }
            out.add(new CompiledQuery.Order(at, !o.isAsc()));
        }
        return out;
    }

    static long limit(PlainSelect ps) {
        if (ps.getLimit() == null) {
            return -1;
        }
        if (!(ps.getLimit().getRowCount() instanceof LongValue l) || ps.getLimit().getOffset() != null || l.getValue() < 0) {
            throw new SqlException("LIMIT " + ps.getLimit().getRowCount() + ": a non-negative number of rows (no OFFSET)");
        }
        return l.getValue();
    }

    static Expression unwrap(Expression e) {
        while (e instanceof ExpressionList<?> l && l.size() == 1 && !(e instanceof net.sf.jsqlparser.expression.RowConstructor)) {
            e = (Expression) l.get(0);
        }
        return e;
    }

    static double number(Expression e) {
        if (e instanceof SignedExpression s) {
            double v = number(unwrap(s.getExpression()));
            return s.getSign() == '-' ? -v : v;
        }
        if (e instanceof LongValue l) {
            return l.getValue();
        }
        if (e instanceof DoubleValue d) {
            return d.getValue();
        }
        throw new SqlException("'" + e + "' is not a number");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        String line = s.strip().split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
