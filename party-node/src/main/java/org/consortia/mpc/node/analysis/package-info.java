/**
 * Typed analyses and their facts: {@link org.consortia.mpc.node.analysis.AnalysisParser} validates a job spec
 * into an {@link org.consortia.mpc.node.analysis.Analysis}; {@link org.consortia.mpc.node.analysis.FactsTracer}
 * derives from its program which files each party reads and what is revealed to whom; at run time
 * {@link org.consortia.mpc.node.analysis.DataAccess} and {@link org.consortia.mpc.node.analysis.RevealLedger}
 * refuse anything else. Failures carry an {@link org.consortia.mpc.node.analysis.ErrorCode}.
 */
package org.consortia.mpc.node.analysis;
