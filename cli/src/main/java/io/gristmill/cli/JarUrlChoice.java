package io.gristmill.cli;

import io.gristmill.coordinator.rest.MachineNames;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which base URL the coordinator hands workers for job jars, which must be reachable from the workers' hosts
 * (a worker told {@code http://127.0.0.1:8080} downloads from itself and fails). In order:
 * <ol>
 *   <li>{@code --advertise-url}, when given (NAT, a proxy, a DNS name): the operator knows best;</li>
 *   <li>REST on loopback while {@code --cluster-host} is not: REST is unreachable from other hosts, so a jar-only
 *       server ({@link io.gristmill.coordinator.rest.JarServer}) listens on the cluster host at {@code --jar-port};</li>
 *   <li>REST on a wildcard address: the cluster host, the address the workers already reach this process at;</li>
 *   <li>otherwise the REST address itself.</li>
 * </ol>
 */
record JarUrlChoice(String advertiseUrl, String httpHost, String clusterHost) {
    JarUrlChoice {
        if (advertiseUrl != null) {
            advertiseUrl = checkedBaseUrl(advertiseUrl);
        }
    }

    /** Whether the coordinator must serve jars on a listener of its own, bound to the cluster host. */
    boolean needsJarServer() {
        return advertiseUrl == null && isLoopback(httpHost) && !isLoopback(clusterHost);
    }

    /** The base URL for jars, given the bound REST port and the jar server's port (-1 when there is none). */
    String baseUrl(int httpPort, int jarPort) {
        if (advertiseUrl != null) {
            return advertiseUrl;
        }
        if (needsJarServer()) {
            return url(clusterHost, jarPort);
        }
        return url(MachineNames.isWildcard(httpHost) ? clusterHost : httpHost, httpPort);
    }

    static String url(String host, int port) {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host; // IPv6 in brackets
        return "http://" + literal + ":" + port;
    }

    /** {@code http(s)://host[:port][/path]} without a trailing slash; anything else is refused naming the flag. */
    private static String checkedBaseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--advertise-url '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw new IllegalArgumentException("--advertise-url must look like http://HOST:PORT (optionally with a"
                    + " path), got '" + url + "'");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // a name that does not resolve here is surely not loopback
        }
    }
}
