/** The ring Z_2^64 on {@code long[]}: elementwise ops, blocked multithreaded matmul, transpose, im2col, shapes. */
package org.consortia.mpc.sharing.ring;
