/**
 * Tree ensembles trained on secret data: histogram-based gradient boosting ({@link GradientBoosting}) over the
 * members' binned features ({@link Binning}, computed by each feature's holder in plaintext), the model it reveals
 * ({@link BoostedTrees}). The kernels know nothing of ONNX, files or jobs; their costs are declared beside them.
 */
package org.consortia.mpc.analyses.trees;
