/** The one-JVM simulator, LocalCluster, and the outcome of its runs. */
package org.consortia.mpc.runtime.local;
