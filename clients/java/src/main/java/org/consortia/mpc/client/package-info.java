/**
 * A client of a party node's job API (docs/openapi.yaml) for coordinators and readers on any host, with nothing of
 * the node on its class path: the JDK's {@code java.net.http} client and Jackson's databind.
 *
 * <p>{@link org.consortia.mpc.client.MpcClient} submits a job ({@link org.consortia.mpc.client.JobSpec}: an analysis
 * and its parameters), reads one or all {@link org.consortia.mpc.client.Job} records, waits for a job to end, fetches
 * its result (at a result recipient's node) and cancels it. A failed job's record carries a
 * {@link org.consortia.mpc.client.JobError}: code, phase and the node where it arose, as every client sees it. An
 * answer other than the one expected is an {@link org.consortia.mpc.client.ApiException} naming the status and the
 * node's reason. Authentication is a bearer token; TLS trusts the consortium CA's certificate (PEM) given to the
 * builder. Nothing here prints the token.
 */
package org.consortia.mpc.client;
