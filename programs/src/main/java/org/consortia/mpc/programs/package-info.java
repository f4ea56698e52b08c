/**
 * Researchers' programs: a typed, versioned dataflow graph of tensor operations ({@link org.consortia.mpc.programs.Program},
 * canonical JSON), the op registry ({@link org.consortia.mpc.programs.Ops}), the {@link org.consortia.mpc.programs.Checker}
 * that bounds a program and derives what it reads and reveals before anything runs, and the one
 * {@link org.consortia.mpc.programs.Evaluator} that runs it on any backend: plaintext, the simulator, the nodes.
 */
package org.consortia.mpc.programs;
