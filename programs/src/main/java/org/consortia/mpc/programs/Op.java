package org.consortia.mpc.programs;

import java.util.List;

/**
 * One operation of the program format, found by name in {@link Ops}. Binding reads and checks a node's attributes and
 * its arguments' types, before anything is allocated or read, and returns the typed node that knows its result's type,
 * its declared cost and how to evaluate it on any backend.
 */
public interface Op {
    /** The names this op answers to in a program (e.g. {@code add}). */
    List<String> names();

    /** Any number of arguments, none included. */
    int ANY = -2;

    /** The number of arguments, or -1 for any number of at least one, or {@link #ANY}. */
    int arity(String name);

    /**
     * The typed node: errors are {@link ProgramException}s naming the node and field ({@link Attrs#error}). Attributes
     * the op does not read are refused by the checker afterwards.
     */
    Bound bind(String name, Attrs attrs, List<Type> args, Context ctx);

    /**
     * Whether a shared node of this op runs on authenticated shares (malicious mode): true for ops written against
     * {@code SecretTensor} and the backend's ring; an op that reaches raw share words, or whose security against a
     * deviating member rests on more than the MAC checks, says false and a program using it is semi-honest only.
     */
    default boolean runsMalicious(String name) {
        return true;
    }
}
