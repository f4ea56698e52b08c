/**
 * A consortium member's node: bootstrap from its node file (transport, policy, job store, audit log).
 */
package org.consortia.mpc.node;
