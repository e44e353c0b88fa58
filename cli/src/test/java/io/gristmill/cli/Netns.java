package io.gristmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts on one machine: a network namespace per host, each with one interface {@code eth0} on a bridge that lives in
 * a namespace of its own (the switch), addresses from a private /24 picked at random and used only inside those
 * namespaces. A host is cut off by detaching its port from the bridge and healed by attaching it again. Closing
 * removes every namespace (and with it every interface); so does a JVM shutdown hook, in case the test is killed.
 */
final class Netns implements AutoCloseable {
    private final String prefix = "gm" + Integer.toHexString(0x10000 + ThreadLocalRandom.current().nextInt(0xf0000));
    private final String subnet = "10.213." + ThreadLocalRandom.current().nextInt(256) + ".";
    private final String sw = prefix + "sw";
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, String> ports = new LinkedHashMap<>();
    private final List<Runnable> beforeRemoval = new ArrayList<>();
    private final Thread hook = new Thread(this::removeAll, "netns-cleanup");
    private boolean removed;

    private Netns() {
    }

    /** Why namespaces cannot be made here (not root, no {@code ip}, {@code ip netns add} refused), or null. */
    static String unavailable() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (id.waitFor() != 0 || !uid.equals("0")) {
                return "needs root to create network namespaces (uid " + uid + ")";
            }
        } catch (IOException | InterruptedException e) {
            return "cannot run id -u: " + e.getMessage();
        }
        try {
            Result version = run(List.of("ip", "-V"));
            if (version.status != 0) {
                return "ip -V failed: " + version.output;
            }
        } catch (IOException e) {
            return "the ip command is missing: " + e.getMessage();
        }
        return null;
    }

    /** A switch namespace with its bridge, or an explanation why not (for {@code Assumptions}). */
    static Netns create() throws IOException {
        Netns net = new Netns();
        Runtime.getRuntime().addShutdownHook(net.hook);
        net.addNamespace(net.sw);
        net.ip("-n", net.sw, "link", "add", "br0", "type", "bridge");
        net.ip("-n", net.sw, "link", "set", "br0", "up");
        return net;
    }

    /** Runs {@code action} (e.g. killing the processes inside) before the namespaces are removed, also from the hook. */
    void beforeRemoval(Runnable action) {
        beforeRemoval.add(action);
    }

    /** A host named {@code prefix+suffix} with address {@code subnet.lastOctet}; returns the namespace name. */
    String addHost(String suffix, int lastOctet) throws IOException {
        String ns = prefix + suffix;
        addNamespace(ns);
        String port = prefix + "p" + suffix; // the switch side of the host's cable: at most 15 characters
        ip("-n", sw, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ip("-n", sw, "link", "set", port, "master", "br0", "up");
        ip("-n", ns, "addr", "add", address(lastOctet) + "/24", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ports.put(ns, port);
        return ns;
    }

    String address(int lastOctet) {
        return subnet + lastOctet;
    }

    /** The command prefix that runs a command on host {@code ns}. */
    static List<String> on(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /** Unplugs host {@code ns} from the switch: nothing reaches it and nothing leaves it. */
    void cut(String ns) throws IOException {
        ip("-n", sw, "link", "set", ports.get(ns), "nomaster");
    }

    /** Plugs host {@code ns} back in. */
    void heal(String ns) throws IOException {
        ip("-n", sw, "link", "set", ports.get(ns), "master", "br0");
    }

    /** Names of this run's namespaces that still exist (per {@code ip netns list}). */
    List<String> existing() throws IOException {
        List<String> left = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "list")).output.split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith(prefix)) {
                left.add(name);
            }
        }
        return left;
    }

    private void addNamespace(String ns) throws IOException {
        Result added = run(List.of("ip", "netns", "add", ns));
        if (added.status != 0) {
            throw new NamespaceRefused("ip netns add " + ns + " failed: " + added.output.trim());
        }
        namespaces.add(ns);
    }

    private void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Result result = run(command);
        if (result.status != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.status + "): " + result.output.trim());
        }
    }

    private synchronized void removeAll() {
        if (removed) {
            return;
        }
        removed = true;
        for (Runnable action : beforeRemoval) {
            try {
                action.run();
            } catch (RuntimeException e) {
                System.err.println("netns cleanup: " + e);
            }
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            String ns = namespaces.get(i);
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException e) {
                System.err.println("netns cleanup: cannot remove " + ns + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs (and finds nothing left to do)
        }
    }

    record Result(int status, String output) {
    }

    static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code ip netns add} refused: the test is skipped, not failed. */
    static final class NamespaceRefused extends IOException {
        NamespaceRefused(String message) {
            super(message);
        }
    }
}
