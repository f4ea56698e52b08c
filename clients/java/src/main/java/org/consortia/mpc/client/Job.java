package org.consortia.mpc.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A job's record at one node, as {@code GET /v1/jobs/ID} answers it (docs/openapi.yaml, {@code JobRecord}): never
 * its result, which only a result recipient's node serves ({@link MpcClient#result}).
 *
 * @param id           the job's id, the same at every node
 * @param spec         what it runs
 * @param specSha256   SHA-256 of the canonical spec; every node ran the spec with this hash
 * @param initiator    the party the job was proposed to
 * @param recipients   the members that receive the result
 * @param state        where it is
 * @param phase        {@code proposed}, {@code starting}, {@code input check}, {@code offline}, {@code online}
 * @param started      when it was proposed
 * @param finished     when it ended, or null
 * @param seconds      from proposal to end, or null
 * @param onlineMillis the online phase's milliseconds (a job that succeeded), or null
 * @param bytesSent    bytes this node sent for it (a job that succeeded), or null
 * @param rounds       communication rounds (a job that succeeded), or null
 * @param hasResult    whether this node holds a result
 * @param error        the failure (state FAILED or CANCELLED), or null
 * @param detail       the failure's local detail: only for this node's admins, else null
 * @param refusal      the refusals, naming each refusing node and its rule (state REFUSED), or null
 */
public record Job(
        String id,
        JobSpec spec,
        String specSha256,
        Integer initiator,
        List<String> recipients,
        State state,
        String phase,
        Instant started,
        Instant finished,
        Double seconds,
        @JsonProperty("online_ms") Double onlineMillis,
        @JsonProperty("bytes_sent") Long bytesSent,
        Long rounds,
        boolean hasResult,
        JobError error,
        String detail,
        String refusal) {

    /** A job's states; after {@link #isFinal() a final one} nothing changes. */
    public enum State {
        PROPOSED, RUNNING, SUCCEEDED, FAILED, REFUSED, CANCELLED,
        /** A state this client does not know (a newer node); never final. */
        @JsonEnumDefaultValue UNKNOWN;

        public boolean isFinal() {
            return this == SUCCEEDED || this == FAILED || this == REFUSED || this == CANCELLED;
        }
    }

    public Job {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        state = state == null ? State.UNKNOWN : state;
        phase = phase == null ? "" : phase;
    }

    /** Whether the job ended (in any way): nothing about it changes any more. */
    public boolean ended() {
        return state.isFinal();
    }

    /** Whether the job ended with a result at its recipients. */
    public boolean succeeded() {
        return state == State.SUCCEEDED;
    }

    /** The failure, if the job failed or was cancelled. */
    public Optional<JobError> failure() {
        return Optional.ofNullable(error);
    }

    /**
     * The id, analysis, state, phase, times, costs and the failure's code, phase and party; never the parameters'
     * values or a failure's local detail (they name files and columns of a member's data).
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Job[").append(id).append(", ").append(analysis()).append(", ").append(state)
                .append(", phase '").append(phase).append("', started ").append(started);
        if (finished != null) {
            b.append(", finished ").append(finished);
        }
        if (bytesSent != null) {
            b.append(", ").append(bytesSent).append(" bytes, ").append(rounds).append(" rounds");
        }
        if (error != null) {
            b.append(", error ").append(error.code()).append(" in '").append(error.phase()).append("' at ").append(error.party());
        }
        if (refusal != null) {
            b.append(", refused: ").append(refusal);
        }
        return b.append(hasResult ? ", has a result]" : "]").toString();
    }

    /** The analysis, e.g. {@code secure-sum}. */
    public String analysis() {
        return spec == null ? null : spec.analysis();
    }
}
