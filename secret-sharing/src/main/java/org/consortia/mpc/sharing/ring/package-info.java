/** The ring Z_2^64 on {@code long[]}: elementwise ops, blocked multithreaded matmul, transpose, 64 x 64 bit transposes, im2col, shapes. */
package org.consortia.mpc.sharing.ring;
