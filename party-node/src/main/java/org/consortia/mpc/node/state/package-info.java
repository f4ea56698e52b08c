/**
 * Crash-safe state files: append-only files that survive a crash or a full disk at any byte (a torn last
 * record is moved aside at start), one-line errors for any other corruption with the recovery command, and the
 * health of the state directory (a failed write refuses new jobs until a probe finds space again).
 */
package org.consortia.mpc.node.state;
