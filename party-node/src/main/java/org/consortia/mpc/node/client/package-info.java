/**
 * The Java client of a node's job API, for coordinators on any host: {@link org.consortia.mpc.node.client.JobClient}
 * submits a joint job to a party node, follows it ({@link org.consortia.mpc.node.client.JobClient#follow}, with a
 * progress listener), lists, reads, cancels, and fetches results at a result recipient's node. HTTPS against the
 * consortium CA, a bearer token per the node's clients file; depends only on the JDK's HTTP client and Vert.x's JSON.
 * The {@code mpc-node submit|jobs|status|result|cancel} commands are built on it; the Python client in
 * {@code clients/python} offers the same operations.
 */
package org.consortia.mpc.node.client;
