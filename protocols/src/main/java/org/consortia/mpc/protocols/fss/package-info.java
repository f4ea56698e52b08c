/**
 * Comparisons by function secret sharing for two computing parties with a dealer: one masked opening, then local
 * evaluation of the dealer's distributed comparison keys.
 */
package org.consortia.mpc.protocols.fss;
