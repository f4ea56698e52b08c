/**
 * Function secret sharing for two computing parties with a dealer: distributed comparison functions, whose keys
 * the dealer makes and whose evaluation at a public point needs no communication.
 */
package org.consortia.mpc.sharing.fss;
