/**
 * The node's job API over HTTPS (Vert.x): authenticated {@link org.consortia.mpc.node.api.ApiClients} with
 * roles, job submission and reads, results at recipients' nodes, audit, health and Prometheus metrics.
 */
package org.consortia.mpc.node.api;
