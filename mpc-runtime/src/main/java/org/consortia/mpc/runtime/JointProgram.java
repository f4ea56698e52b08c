package org.consortia.mpc.runtime;

/**
 * A joint computation written once and run by every party (SPMD). It must be data-oblivious up to what it
 * reveals: the sequence of operations and shapes may depend on public values only.
 */
@FunctionalInterface
public interface JointProgram<R> {
    R run(Party party) throws Exception;
}
