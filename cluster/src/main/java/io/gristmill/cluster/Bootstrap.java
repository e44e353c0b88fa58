package io.gristmill.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Builds Vert.x instances. The local mode runs on a plain Vert.x; the clustered mode (the one place that builds the
 * Hazelcast configuration) joins the Hazelcast cluster.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** A non-clustered Vert.x for {@code gristmill local} and in-process tests. */
    public static Vertx localVertx() {
        return Vertx.vertx(baseOptions());
    }

    /** Joins (or starts) the Hazelcast cluster and returns a clustered Vert.x on it. */
    public static Future<ClusteredNode> clustered(ClusterSettings settings) {
        String taken = portTaken(settings);
        if (taken != null) {
            return Future.failedFuture(taken);
        }
        System.setProperty("hazelcast.logging.type", "slf4j");
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(settings));
        VertxOptions options = baseOptions().setEventBusOptions(new EventBusOptions()
                .setHost(settings.host()).setPort(settings.busPort()).setClusterPublicHost(settings.host()));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .map(vertx -> new ClusteredNode(vertx, manager));
    }

    /**
     * Why the cluster or event-bus port cannot be bound, or null. Checked before Hazelcast starts: its own failure
     * is a page of stack traces from three libraries, and the user needs one line.
     */
    private static String portTaken(ClusterSettings settings) {
        String cluster = bindFailure(settings.host(), settings.port());
        if (cluster != null) {
            return "cannot use cluster port " + settings.port() + " on " + settings.host() + " (" + cluster
                    + "); is another coordinator running? Choose another with --cluster-port";
        }
        String bus = bindFailure(settings.host(), settings.busPort());
        return bus == null ? null : "cannot use event bus port " + settings.busPort() + " on " + settings.host()
                + " (" + bus + "); choose another with --bus-port";
    }

    /** Why {@code host:port} cannot be bound now, or null (port 0 always can). */
    private static String bindFailure(String host, int port) {
        if (port == 0) {
            return null;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
            return null;
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }

    /**
     * The one place that configures Hazelcast: explicit cluster name, TCP-IP discovery (or, when asked, Kubernetes
     * discovery; never multicast or auto-detection), the configured interface, phone-home and Hazelcast's own
     * metrics off, failure detection matching our heartbeat timeout, and the structures Vert.x's default XML would
     * have declared.
     */
    static Config hazelcastConfig(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // Hazelcast's own metrics feed Management Center and JMX, neither of which we use; collecting them costs
        // CPU every few seconds on every process. Gristmill's metrics are Dropwizard's, on /metrics.
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds",
                Long.toString(Math.max(5, settings.heartbeatTimeout().toSeconds())));
        // A member removed while frozen (GC pause, SIGSTOP) rejoins within seconds once it runs again.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig network = config.getNetworkConfig();
        // A port given is the port used: workers --join it, so silently moving to the next free one would strand
        // them (and a second coordinator on the same machine would join the first one's cluster). Reusing the
        // address lets a coordinator restarted after kill -9 bind its port while old connections are in TIME_WAIT.
        network.setPort(settings.port()).setPortAutoIncrement(false).setReuseAddress(true);
        network.getInterfaces().setEnabled(true).addInterface(settings.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.kubernetes() != null) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("namespace", settings.kubernetes().namespace())
                    .setProperty("service-name", settings.kubernetes().serviceName());
        } else {
            join.getTcpIpConfig().setEnabled(true)
                    .setMembers(settings.members().isEmpty() ? java.util.List.of(settings.host()) : settings.members());
        }
        settings.memberAttributes().forEach(config.getMemberAttributeConfig()::setAttribute);
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }

    static VertxOptions baseOptions() {
        // Job code never runs on the event loop, but planning and commit can take a few seconds on big inputs.
        return new VertxOptions().setMaxWorkerExecuteTime(5).setMaxWorkerExecuteTimeUnit(java.util.concurrent.TimeUnit.MINUTES);
    }

    /** Closes Vert.x, ignoring a failure to close (used on shutdown paths). */
    public static Future<Void> closeQuietly(Vertx vertx) {
        return vertx.close().recover(e -> Future.succeededFuture());
    }
}
