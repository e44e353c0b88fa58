package io.gristmill.cli;

import io.gristmill.cluster.Bootstrap;
import io.gristmill.cluster.ClusteredNode;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.rest.JarServer;
import io.gristmill.coordinator.rest.RestApi;
import io.gristmill.coordinator.rest.RestConfig;
import io.gristmill.coordinator.rest.RestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code gristmill coordinator}: the cluster's one coordinator plus the REST API and console. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Starts the coordinator: schedules jobs on the workers that join its cluster, serves the REST API.")
final class CoordinatorCommand implements Callable<Integer> {
    /** Exit status of a coordinator that found a newer term had started: its supervisor restarts it as a standby. */
    static final int EXIT_STEPPED_DOWN = 75;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Where REST and the console listen (default: ${DEFAULT-VALUE}; other addresses need a token).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", description = "REST port (default: ${DEFAULT-VALUE}; 0 = any).")
    int httpPort;

    @Option(names = "--advertise-url", paramLabel = "URL",
            description = "The base URL workers and clients use to reach this coordinator's REST API, e.g. behind NAT"
                    + " or a proxy (default: from --http-host, or --cluster-host when that is a wildcard).")
    String advertiseUrl;

    @Option(names = "--jar-port", paramLabel = "PORT", defaultValue = "0",
            description = "When --http-host is loopback and --cluster-host is not, job jars are served to workers on"
                    + " --cluster-host at this port, authenticated by each job's secret (default: any free port).")
    int jarPort;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "5701",
            description = "Hazelcast port workers join through (default: ${DEFAULT-VALUE}; 0 = any).")
    int clusterPort;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Job history, uploaded jars and the token (default: ~/.gristmill).")
    Path stateDir;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token required by the REST API (default: generated when --http-host is not loopback).")
    String token;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "Another name requests may carry in Host, e.g. a DNS name in front of the coordinator (repeatable)."
                    + " Always accepted: the --http-host, localhost, and with a wildcard --http-host every address and name of this machine.")
    List<String> allowedHosts = List.of();

    @Option(names = "--upload-limit", paramLabel = "SIZE", defaultValue = "256m", description = "Largest accepted submission: the job jar and its side files together (default: ${DEFAULT-VALUE}).")
    String uploadLimit;

    @Option(names = "--allowed-root", paramLabel = "DIR",
            description = "Confine job input and output to this folder (repeatable; symlinks resolved). Default: anything this process can read and write.")
    List<Path> allowedRoots = List.of();

    @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "1000000",
            description = "The most tasks one job may have; larger jobs are refused naming splitSize (default: ${DEFAULT-VALUE}).")
    int maxTasks;

    @Option(names = "--kept-tasks", paramLabel = "N", defaultValue = "1000000",
            description = "The most tasks the ended jobs keep in memory together, for their task lists, attempt logs"
                    + " and the console's job page; the oldest give theirs up first and keep their status, and the"
                    + " job that ended last keeps its own anyway. A task takes about 1.4 KB (default: ${DEFAULT-VALUE}).")
    long keptTasks;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "Members of an existing cluster to join (a restarted coordinator rejoins its workers).")
    List<String> join = List.of();

    @Option(names = "--standby",
            description = "Start as a standby: wait until another coordinator is active, then take over when it leaves"
                    + " the cluster. (A coordinator that finds another one active stands by anyway; this one also never"
                    + " becomes active before one has been seen.) Use the active coordinator's --state-dir.")
    boolean standbyOnly;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound ports here as key=value lines.")
    Path portFile;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    S3Options s3;

    @Override
    public Integer call() throws Exception {
        io.gristmill.cluster.FaultInjection.warnIfSet();
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".gristmill");
        CoordinatorConfig config;
        JarUrlChoice jarUrl;
        io.gristmill.cluster.ClusterSettings settings;
        String stateId;
        try {
            stateId = StateDirId.of(state);
            settings = cluster.settings(clusterPort, join).withMemberAttributes(Standby.memberAttributes(stateId));
            s3.apply();
            jarUrl = new JarUrlChoice(advertiseUrl, httpHost, cluster.clusterHost);
            config = CoordinatorConfig.defaults().withHeartbeatTimeout(cluster.timeout()).withStateDir(state)
                    .withMaxTasks(maxTasks).withKeptTasks(keptTasks).withAllowedRoots(allowedRoots); // a missing root: one error line
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("error: cannot use the state dir " + state + ": " + e);
            return 2;
        }
        ClusteredNode node = Bootstrap.clustered(settings)
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        Standby standby = new Standby(node, cluster.clusterName, stateId);
        if (!standby.awaitTurn(httpHost, httpPort, portFile, standbyOnly)) {
            node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return 1;
        }
        if (standby.boundPort() > 0) {
            httpPort = standby.boundPort(); // clients were told this port while it stood by
        }
        CoordinatorVerticle coordinator = new CoordinatorVerticle(config);
        coordinator.workerMembers(standby::workerMembers);
        coordinator.onSuperseded(() -> {
            System.err.println("gristmill coordinator: a newer coordinator term started elsewhere (this one was frozen"
                    + " or cut off); stepping down");
            new Thread(() -> System.exit(EXIT_STEPPED_DOWN), "gristmill-step-down").start();
        });
        try {
            node.vertx().deployVerticle(coordinator).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("error: cannot become the active coordinator: " + io.gristmill.cluster.Failures.describe(e.getCause()));
            standby.stopServing();
            node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return 1;
        }
        node.onMemberLeft(coordinator::memberLeft);
        RestConfig rest = restConfig(state);
        RestApi api = new RestApi(node.vertx(), coordinator, rest);
        int port;
        int servedJarPort = -1;
        try {
            if (standby.boundPort() > 0) {
                port = httpPort; // clients were told this port while it stood by
                standby.announceActive(activeUrl(port)); // first: a standby asked once the API answers names this one
                standby.serve(api, httpHost);
            } else {
                port = listen(new RestServer(node.vertx(), api).start(httpHost, httpPort));
                standby.announceActive(activeUrl(port)); // its port is known only now
            }
            if (jarUrl.needsJarServer()) {
                servedJarPort = listen(new JarServer(node.vertx(), api).start(cluster.clusterHost, jarPort));
            }
        } catch (java.util.concurrent.ExecutionException e) {
            // a taken --http-port or --jar-port: one line, as for the cluster ports
            System.err.println("error: cannot listen: " + io.gristmill.cluster.Failures.describe(e.getCause())
                    + " (--http-host/--http-port, or --cluster-host/--jar-port)");
            node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return 1;
        } catch (IllegalArgumentException e) { // the API off loopback without a token, on the port stood by on
            System.err.println("error: cannot serve the API: " + e.getMessage());
            node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return 1;
        }
        Map<String, Object> ports = new LinkedHashMap<>(Map.of("http", port, "cluster", node.clusterPort(),
                "bus", node.busPort()));
        if (servedJarPort >= 0) {
            ports.put("jar", servedJarPort);
        }
        String jarBase = jarUrl.baseUrl(port, servedJarPort);
        coordinator.jarBaseUrl(jarBase);
        PortFile.write(portFile, ports);
        System.err.println("gristmill coordinator: " + (advertiseUrl != null ? jarBase : JarUrlChoice.url(httpHost, port))
                + "  cluster '" + cluster.clusterName + "' on " + cluster.clusterHost + ":" + node.clusterPort()
                + "  workers fetch jars from " + jarBase);
        awaitShutdown(node);
        return 0;
    }

    /** The REST URL standbys give clients for this coordinator. */
    private String activeUrl(int port) {
        return advertiseUrl != null ? advertiseUrl : JarUrlChoice.url(
                io.gristmill.coordinator.rest.MachineNames.isWildcard(httpHost) ? cluster.clusterHost : httpHost, port);
    }

    private static int listen(io.vertx.core.Future<Integer> bound) throws Exception {
        return bound.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }


    private RestConfig restConfig(Path state) throws Exception {
        RestConfig rest = RestConfig.defaults(state, httpHost)
                .withUploadLimit(io.gristmill.cluster.SizeParser.parse(uploadLimit));
        for (String name : allowedHosts) {
            rest = rest.withAllowedHost(name);
        }
        String bearer = token != null ? token : Tokens.forHost(httpHost, state);
        return bearer == null ? rest : rest.withBearerToken(bearer);
    }

    private static void awaitShutdown(ClusteredNode node) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            stopped.countDown();
        }));
        stopped.await();
    }
}
