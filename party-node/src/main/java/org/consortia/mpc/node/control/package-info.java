/**
 * How the nodes agree on a job: {@link org.consortia.mpc.node.control.Admission} (what a node checks of a job before it
 * proposes it or votes on it), {@link org.consortia.mpc.node.control.VoteCoordinator} (proposing, voting, starting,
 * cancelling), {@link org.consortia.mpc.node.control.ControlInbox} (the control messages between the nodes, bounded per
 * sender), the messages themselves ({@link org.consortia.mpc.node.control.ControlMessage}) and the audit heads the nodes
 * keep of each other ({@link org.consortia.mpc.node.control.AuditHeads}).
 */
package org.consortia.mpc.node.control;
