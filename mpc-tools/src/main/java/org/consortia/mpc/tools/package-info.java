/**
 * Tools that researchers and developers run and nodes never load: {@code bench} (scripts/bench.sh), {@code report}
 * (scripts/accuracy.sh), {@code demo} (scripts/demo.sh), {@code infer} (scripts/infer.sh, scripts/mnist-agreement.sh).
 */
package org.consortia.mpc.tools;
