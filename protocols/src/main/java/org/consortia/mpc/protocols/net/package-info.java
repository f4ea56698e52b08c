/**
 * The small interfaces protocols need from the runtime (channel, correlated randomness), kept here so the
 * module dependencies stay one-way and Netty never reaches the math.
 */
package org.consortia.mpc.protocols.net;
