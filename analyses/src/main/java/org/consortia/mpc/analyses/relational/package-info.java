/**
 * Relational kernels over secret tables: an oblivious sort (a bitonic network whose comparisons and swaps do not depend
 * on the data) and a secret join of the members' tables on their keys, whose result keeps which rows matched secret.
 * The kernels know nothing of files, SQL or jobs; their costs are declared beside them.
 */
package org.consortia.mpc.analyses.relational;
