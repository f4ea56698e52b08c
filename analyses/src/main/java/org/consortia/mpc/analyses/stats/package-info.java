/**
 * Joint statistics written on the researcher API: linear and logistic regression (split by rows or by columns, and
 * their differentially private forms), secure aggregation (plain and differentially private), standardization and
 * each party's local moments.
 */
package org.consortia.mpc.analyses.stats;
