/** Tests of the arithmetic kernels below the backends, on the in-memory simulator with the dealer. */
package org.consortia.mpc.protocols.arith;
