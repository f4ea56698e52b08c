package org.consortia.mpc.programs.sql;

import org.consortia.mpc.programs.ProgramBuilder.Var;

/**
 * SQL's three-valued logic over 0/1 program values: a condition is where it is TRUE and where it is FALSE (NULL
 * neither, as a comparison with a LEFT JOIN's missing value); {@code null} stands for "everywhere" (an AND's identity)
 * or, for FALSE, "wherever not TRUE" (no NULL can occur).
 */
final class Truth {
    private Truth() {
    }

    /** A condition: where TRUE and where FALSE ({@code f == null}: never NULL, FALSE = 1 - TRUE). */
    record Cond(Var t, Var f) {
    }

    /** {@code a AND b}: TRUE where both are, FALSE where either is. */
    static Cond both(Cond a, Cond b) {
        return new Cond(a.t().mul(b.t()), a.f() == null && b.f() == null ? null : or(falseOf(a), falseOf(b)));
    }

    /** {@code a OR b}: TRUE where either is, FALSE where both are. */
    static Cond either(Cond a, Cond b) {
        return new Cond(or(a.t(), b.t()), a.f() == null && b.f() == null ? null : falseOf(a).mul(falseOf(b)));
    }

    /** {@code NOT c}: TRUE and FALSE swapped (NULL stays NULL). */
    static Cond negate(Cond c) {
        return c.f() == null ? new Cond(not(c.t()), null) : new Cond(c.f(), c.t());
    }

    /** A comparison's TRUE and FALSE where its operand is not NULL. */
    static Cond known(Var t, Var valid) {
        return valid == null ? new Cond(t, null) : new Cond(t.mul(valid), not(t).mul(valid));
    }

    static Var falseOf(Cond c) {
        return c.f() == null ? not(c.t()) : c.f();
    }

    static Var or(Var a, Var b) {
        return a == null ? b : b == null ? a : a.add(b).sub(a.mul(b));
    }

    static Var not(Var a) {
        return a.mul(-1).add(1);
    }

    static Var and(Var a, Var b) {
        return a == null ? b : b == null ? a : a.mul(b);
    }
}
