/**
 * The small interfaces protocols need from the runtime (channel, correlated randomness), kept here so the
 * module dependencies stay one-way and Netty never reaches the math; and the dry run's {@link SilentChannel}, which
 * needs nothing of the runtime.
 */
package org.consortia.mpc.protocols.net;
