/** Fixed-point encoding of reals into Z_2^64 with a configurable number of fractional bits. */
package org.consortia.mpc.sharing.fixed;
