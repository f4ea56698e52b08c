/**
 * The accuracy report: secure approximations against exact functions, as tables and plots; the DP utility runs; model
 * quality measures ({@link org.consortia.mpc.tools.report.Metrics}).
 */
package org.consortia.mpc.tools.report;
