/** The plaintext reference backend with the same interface as the secure one. */
package org.consortia.mpc.protocols.plain;
