/** The AES-CTR PRG and its seeds, the only source of share randomness in the project. */
package org.consortia.mpc.sharing.prg;
