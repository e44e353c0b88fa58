package io.gristmill.cluster;

import io.gristmill.cluster.Messages.AttemptRef;

import java.util.Map;

/** The parts that several hand-written message codecs share: attempt references and counters. */
final class WireParts {
    private WireParts() {
    }

    /** nullable: shared jobId, taskId, attemptId, epoch. */
    static void writeRef(WireWriter out, AttemptRef ref) {
        out.nullable(ref, (w, r) -> {
            w.shared(r.jobId());
            w.shared(r.taskId());
            w.shared(r.attemptId());
            w.shared(r.epoch());
        });
    }

    static AttemptRef readRef(WireReader in) {
        return in.nullable(r -> new AttemptRef(r.shared(), r.shared(), r.shared(), r.shared()));
    }

    /**
     * group → name → value: a {@link WireWriter#map} of groups, each a map of signed values. Group and counter names
     * repeat in every report of a worker's bundle, so each is said once per message. A counter has a value: null is
     * refused here, where it is written.
     */
    static void writeCounters(WireWriter out, Map<String, Map<String, Long>> counters) {
        out.map(counters, (w, names) -> w.map(names, WireParts::writeCounterValue));
    }

    private static void writeCounterValue(WireWriter out, Long value) {
        if (value == null) {
            throw new IllegalArgumentException("a counter without a value");
        }
        out.signed(value);
    }

    static Map<String, Map<String, Long>> readCounters(WireReader in) {
        return in.map(r -> r.map(WireReader::signed));
    }
}
