package io.gristmill.worker.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.gristmill.worker.internal.data.Counters;

import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A worker's metrics: its attempts by outcome, the records and bytes its maps and reducers read and wrote (each
 * attempt's built-in counters, added when the attempt ends, whatever its outcome), spills, shuffle bytes and the
 * time reducers spent fetching map output. Thread-safe.
 */
public final class WorkerMetrics {
    static final String PREFIX = "gristmill.worker.";
    /** Built-in counter name → registry counter name. */
    private static final Map<String, String> FROM_ATTEMPT = Map.ofEntries(
            Map.entry(Counters.MAP_INPUT_RECORDS, "map.input.records"),
            Map.entry(Counters.MAP_INPUT_BYTES, "map.input.bytes"),
            Map.entry(Counters.MAP_OUTPUT_RECORDS, "map.output.records"),
            Map.entry(Counters.MAP_OUTPUT_BYTES, "map.output.bytes"),
            Map.entry(Counters.COMBINE_INPUT_RECORDS, "combine.input.records"),
            Map.entry(Counters.COMBINE_OUTPUT_RECORDS, "combine.output.records"),
            Map.entry(Counters.SPILLS, "spills"),
            Map.entry(Counters.SPILLED_RECORDS, "spilled.records"),
            Map.entry(Counters.REDUCE_INPUT_GROUPS, "reduce.input.groups"),
            Map.entry(Counters.REDUCE_INPUT_RECORDS, "reduce.input.records"),
            Map.entry(Counters.SHUFFLE_BYTES, "reduce.input.bytes"),
            Map.entry(Counters.REDUCE_OUTPUT_RECORDS, "reduce.output.records"),
            Map.entry(Counters.OUTPUT_BYTES, "output.bytes"));

    private final MetricRegistry registry;
    private final Counter started;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter killed;
    private final Counter shuffleBytes;
    private final Counter sideFileDownloads;
    private final Timer fetchTime;

    public WorkerMetrics(MetricRegistry registry) {
        this.registry = registry;
        started = registry.counter(PREFIX + "tasks.started");
        succeeded = registry.counter(PREFIX + "tasks.succeeded");
        failed = registry.counter(PREFIX + "tasks.failed");
        killed = registry.counter(PREFIX + "tasks.killed");
        shuffleBytes = registry.counter(PREFIX + "shuffle.bytes");
        sideFileDownloads = registry.counter(PREFIX + "side.file.downloads");
        fetchTime = registry.timer(PREFIX + "shuffle.fetch.seconds"); // exported as a summary in seconds
        FROM_ATTEMPT.values().forEach(name -> registry.counter(PREFIX + name)); // present (0) before the first task
    }

    /**
     * Shows how many slots there are, how many are busy (a slot is busy until its bundle's thread ends, stopping
     * attempts and leftovers of earlier incarnations included) and how many stuck attempts hold.
     */
    public void slots(int slots, IntSupplier busy, IntSupplier stuck) {
        registry.register(PREFIX + "slots", (Gauge<Integer>) () -> slots);
        registry.register(PREFIX + "attempts.running", (Gauge<Integer>) busy::getAsInt);
        registry.register(PREFIX + "slots.stuck", (Gauge<Integer>) stuck::getAsInt);
    }

    /** A side file was downloaded from the coordinator (once per job and file, unless a download failed). */
    public void sideFileDownloaded() {
        sideFileDownloads.inc();
    }

    void attemptStarted() {
        started.inc();
    }

    /** Adds an ended attempt's built-in counters and counts its outcome ({@code null}: killed or dropped). */
    void attemptEnded(Boolean success, Map<String, Map<String, Long>> counters) {
        (success == null ? killed : success ? succeeded : failed).inc();
        Map<String, Long> builtIn = counters.get(Counters.GROUP);
        if (builtIn == null) {
            return;
        }
        builtIn.forEach((name, value) -> {
            String metric = FROM_ATTEMPT.get(name);
            if (metric != null && value != null && value > 0) {
                registry.counter(PREFIX + metric).inc(value);
            }
        });
    }

    /** A reducer fetched {@code bytes} of map output in {@code nanos}. */
    void fetched(long bytes, long nanos) {
        shuffleBytes.inc(bytes);
        fetchTime.update(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
