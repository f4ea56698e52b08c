/**
 * The accuracy report: secure approximations against exact functions, as tables and plots.
 */
package org.consortia.mpc.tools.report;
