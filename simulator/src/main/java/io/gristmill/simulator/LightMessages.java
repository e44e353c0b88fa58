package io.gristmill.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.TaskType;

import java.util.List;

/**
 * The parts of the coordinator's RUN and MAP_OUTPUTS messages a simulated worker uses, read with the same JSON
 * codec as {@link Messages} but without building what it ignores. A reducer's RUN lists every map output so far;
 * every simulated worker shares this machine's two cores with the coordinator, and reading the full records (seven
 * strings per map output) cost the simulation about as much CPU as the coordinator spent writing them.
 */
final class LightMessages {
    private LightMessages() {
    }

    /** A map output as a reducer keeps it: which attempt's output is current for its map task. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Output(String mapTaskId, String attemptId) {
    }

    /** One attempt of a RUN bundle. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Run(AttemptRef ref, TaskType type, int numMaps, int numReducers, String outputDir, List<Output> mapOutputs) {
        Run {
            mapOutputs = mapOutputs == null ? List.of() : mapOutputs;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Runs(List<Run> attempts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OutputsChanged(AttemptRef reducer, List<Output> ready, List<String> obsoleteAttempts) {
        OutputsChanged {
            ready = ready == null ? List.of() : ready;
            obsoleteAttempts = obsoleteAttempts == null ? List.of() : obsoleteAttempts;
        }
    }

    static <T> T decode(Object body, Class<T> type) {
        return Messages.decode(body, type);
    }
}
