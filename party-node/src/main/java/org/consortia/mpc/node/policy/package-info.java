/**
 * A node's policy file: which analyses, datasets and recipients it allows, checked against a job's facts.
 */
package org.consortia.mpc.node.policy;
