/**
 * The ops of the program format, one family per file: each binds a node (attributes, shape, kind, how data flow),
 * declares its cost from the kernels' and evaluates it through {@link org.consortia.mpc.protocols.SecretTensor} on any
 * backend. {@link org.consortia.mpc.programs.Ops} registers them by name.
 */
package org.consortia.mpc.programs.ops;
