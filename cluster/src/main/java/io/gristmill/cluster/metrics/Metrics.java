package io.gristmill.cluster.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.CachedThreadStatesGaugeSet;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of one process role (DESIGN.md "Surfaces"): a Dropwizard {@link MetricRegistry} holding the role's
 * own metrics and the JVM's (memory, garbage collection, threads), exported in the Prometheus text format through
 * the Prometheus client's Dropwizard bridge. Dropwizard names such as {@code gristmill.coordinator.tasks.started}
 * become {@code gristmill_coordinator_tasks_started_total} (counters) in the exposition.
 */
public final class Metrics {
    /** The Content-Type of {@link #scrape()}: the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricRegistry registry = new MetricRegistry();
    private final PrometheusRegistry prometheus = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public Metrics() {
        registry.register("jvm.memory", new MemoryUsageGaugeSet());
        registry.register("jvm.gc", new GarbageCollectorMetricSet());
        registry.register("jvm.threads", new CachedThreadStatesGaugeSet(1, TimeUnit.SECONDS));
        // "jvm.threads.deadlocks" is a set of thread descriptions, not a number: Prometheus cannot show it
        MetricFilter numeric = (name, metric) -> !name.endsWith(".deadlocks");
        DropwizardExports.builder().dropwizardRegistry(registry).metricFilter(numeric).register(prometheus);
    }

    public MetricRegistry registry() {
        return registry;
    }

    /**
     * The current values in the Prometheus text format ({@link #CONTENT_TYPE}). Reads JVM management beans: call it
     * off the event loop.
     */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, prometheus.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
