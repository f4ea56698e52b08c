/**
 * How nodes agree on jobs: typed control messages ({@link org.consortia.mpc.node.control.ControlMessage}) and
 * the vote coordination (propose, vote on the spec's hash, start or reject, cancel).
 */
package org.consortia.mpc.node.control;
