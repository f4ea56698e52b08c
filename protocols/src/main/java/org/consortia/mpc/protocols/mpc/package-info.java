/** The secure backend over additive shares. */
package org.consortia.mpc.protocols.mpc;
