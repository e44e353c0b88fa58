package io.gristmill.cluster;

import io.gristmill.cluster.Messages.AttemptRef;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parts that several hand-written message codecs share: attempt references and counters. */
final class WireParts {
    private WireParts() {
    }

    /** present, then shared jobId, taskId, attemptId, epoch. */
    static void writeRef(WireWriter out, AttemptRef ref) {
        out.present(ref);
        if (ref != null) {
            out.shared(ref.jobId());
            out.shared(ref.taskId());
            out.shared(ref.attemptId());
            out.shared(ref.epoch());
        }
    }

    static AttemptRef readRef(WireReader in) {
        return in.present() ? new AttemptRef(in.shared(), in.shared(), in.shared(), in.shared()) : null;
    }

    /**
     * group → name → value: size of groups; per group a shared name and the size of its counters; per counter a
     * shared name and a signed value. Group and counter names repeat in every report of a worker's bundle, so each
     * is said once per message. A counter has a value: null is refused here, where it is written.
     */
    static void writeCounters(WireWriter out, Map<String, Map<String, Long>> counters) {
        out.size(counters);
        if (counters == null) {
            return;
        }
        counters.forEach((group, values) -> {
            out.shared(group);
            out.size(values);
            if (values != null) {
                values.forEach((name, value) -> {
                    if (value == null) {
                        throw new IllegalArgumentException("counter " + group + "/" + name + " has no value");
                    }
                    out.shared(name);
                    out.signed(value);
                });
            }
        });
    }

    /** Keeps the order they were written in, as Jackson did. */
    static Map<String, Map<String, Long>> readCounters(WireReader in) {
        int groups = in.size();
        if (groups < 0) {
            return null;
        }
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        for (int g = 0; g < groups; g++) {
            String group = in.shared();
            int names = in.size();
            Map<String, Long> values = null;
            if (names >= 0) {
                values = new LinkedHashMap<>();
                for (int n = 0; n < names; n++) {
                    values.put(in.shared(), in.signed());
                }
            }
            counters.put(group, values);
        }
        return counters;
    }
}
