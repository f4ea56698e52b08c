/**
 * Private record linkage: which rows of members' datasets share a key, found without any member seeing another's
 * keys ({@link org.consortia.mpc.runtime.link.EcdhLinkage}: commutative Diffie-Hellman blinding on Curve25519).
 */
package org.consortia.mpc.runtime.link;
