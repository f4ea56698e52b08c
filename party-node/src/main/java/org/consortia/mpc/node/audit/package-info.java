/**
 * The node's append-only, hash-chained audit log and its verification.
 */
package org.consortia.mpc.node.audit;
