/** The consortium PKI (CA, member certificates, PEM files) and the TLS contexts built from it. */
package org.consortia.mpc.runtime.tls;
