/**
 * Two-party gates by function secret sharing with a dealer: one masked opening, then local evaluation of the dealer's
 * distributed comparison keys. Signs and ReLU ({@code FssSign}), a truncation fused with the ReLU after it
 * ({@code FssTruncRelu}) and public splines ({@code FssSpline}).
 */
package org.consortia.mpc.protocols.fss;
