/** The researcher API (Party, JointProgram) and the one-JVM simulator, LocalCluster. */
package org.consortia.mpc.runtime.local;
