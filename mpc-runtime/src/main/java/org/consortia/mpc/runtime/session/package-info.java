/** Sessions: the party channel over a transport, meters, demand discovery and the offline phase. */
package org.consortia.mpc.runtime.session;
