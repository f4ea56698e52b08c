/**
 * The simulator demo: a joint regression with every party in one JVM, secure against plaintext.
 */
package org.consortia.mpc.tools.demo;
