/**
 * Correlated randomness from a PRG-compressed dealer: shaped {@link org.consortia.mpc.sharing.dealer.Request}s,
 * the party-side {@link org.consortia.mpc.sharing.dealer.Derivation} and the dealer's corrections.
 */
package org.consortia.mpc.sharing.dealer;
