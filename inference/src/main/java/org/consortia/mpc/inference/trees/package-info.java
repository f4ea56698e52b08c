/**
 * Tree ensembles (random forests, gradient-boosted trees) as ONNX-ML exports them: {@link
 * org.consortia.mpc.inference.trees.TreeImport} reads {@code TreeEnsembleRegressor} / {@code TreeEnsembleClassifier}
 * (optionally followed by a {@code Sigmoid} or {@code Softmax}) into a {@link org.consortia.mpc.inference.trees.TreeEnsemble}
 * of complete trees padded to an announced depth; {@link org.consortia.mpc.inference.trees.SecureTrees} scores rows
 * obliviously with the model owner's thresholds, features, leaves and shapes secret.
 */
package org.consortia.mpc.inference.trees;
