/** Frames, the transport interface, routing to per-session mailboxes, and the in-memory transport. */
package org.consortia.mpc.runtime.transport;
