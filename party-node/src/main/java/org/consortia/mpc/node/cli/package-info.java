/**
 * The mpc-node command line: run, dealer, check-config, keygen, submit, jobs, audit.
 */
package org.consortia.mpc.node.cli;
