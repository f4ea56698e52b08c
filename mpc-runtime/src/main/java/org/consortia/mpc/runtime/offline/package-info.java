/**
 * Where a session's correlated randomness comes from, in one place: the dealer's stream (seeds, corrections, flow
 * control: {@link org.consortia.mpc.runtime.offline.Preprocessing}, {@link org.consortia.mpc.runtime.offline.DealerCredits};
 * malicious mode's authenticated material: {@link org.consortia.mpc.runtime.offline.AuthPreprocessing}), the members' own
 * by oblivious transfer ({@link org.consortia.mpc.runtime.offline.OtSession}, {@link org.consortia.mpc.runtime.offline.OtMaterial}),
 * both prepared in windows within a memory budget while the online phase runs
 * ({@link org.consortia.mpc.runtime.offline.StreamingSource}, {@link org.consortia.mpc.runtime.offline.PreparedQueue}),
 * chosen by the job's offline mode ({@link org.consortia.mpc.runtime.offline.OfflineSources}). The OT protocols
 * themselves are {@code runtime.ot}; the session layer that runs a party is {@code runtime.session}.
 */
package org.consortia.mpc.runtime.offline;
