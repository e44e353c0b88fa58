package io.gristmill.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.TaskType;

import java.util.List;

/**
 * The parts of the coordinator's RUN message a simulated worker uses, read with the same JSON codec as
 * {@link Messages} but without building what it ignores (jar, split, parameters, side files): every simulated worker
 * shares this machine's two cores with the coordinator.
 */
final class LightMessages {
    private LightMessages() {
    }

    /** One attempt of a RUN bundle. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Run(AttemptRef ref, TaskType type, int numMaps, int numReducers, String outputDir) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Runs(List<Run> attempts) {
    }

    static <T> T decode(Object body, Class<T> type) {
        return Messages.decode(body, type);
    }
}
