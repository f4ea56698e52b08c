/** The benchmark driver of scripts/bench.sh and its canonical operations. */
package org.consortia.mpc.tools.bench;
