/** The runtime: transports, sessions, the offline/online split, and the local cluster. */
package org.consortia.mpc.runtime;
