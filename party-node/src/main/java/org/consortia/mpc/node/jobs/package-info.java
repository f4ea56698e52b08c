/**
 * Job specs, records and their store, and the executor that runs this node's part of a job.
 */
package org.consortia.mpc.node.jobs;
