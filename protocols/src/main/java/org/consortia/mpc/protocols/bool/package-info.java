/** Boolean (XOR) sharing, bit-sliced: AND with dealer triples, bit packing. */
package org.consortia.mpc.protocols.bool;
