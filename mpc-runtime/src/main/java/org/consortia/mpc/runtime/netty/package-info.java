/** The Netty transport: mutual TLS, frame codec (wire layout in FrameEncoder), peer authentication, heartbeats. */
package org.consortia.mpc.runtime.netty;
