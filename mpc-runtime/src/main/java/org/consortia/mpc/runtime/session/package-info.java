/**
 * Sessions: the party channel over a transport, meters, demand discovery (the dry run) and the party's and the dealer's
 * parts ({@link org.consortia.mpc.runtime.session.JobRunner}); where the correlated randomness comes from is
 * {@code runtime.offline}.
 */
package org.consortia.mpc.runtime.session;
