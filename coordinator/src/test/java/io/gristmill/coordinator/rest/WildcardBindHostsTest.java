package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A coordinator bound to 0.0.0.0 is reached under the machine's own names; other names are still refused. */
@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WildcardBindHostsTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start_on_the_wildcard_address() throws Exception {
        vertx = Vertx.vertx();
        CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults());
        RestFixture.await(vertx.deployVerticle(coordinator));
        RestConfig config = RestConfig.defaults(dir, "0.0.0.0").withBearerToken("s3cret")
                .withAllowedHost("mill.example.org");
        port = RestFixture.await(new RestServer(vertx, new RestApi(vertx, coordinator, config)).start("0.0.0.0", 0));
    }

    @AfterEach
    void stop() throws Exception {
        RestFixture.await(vertx.close());
    }

    @Test
    void every_interface_address_of_the_machine_is_accepted() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                String literal = address.getHostAddress().replaceFirst("%.*", "");
                String host = literal.contains(":") ? "[" + literal + "]:" + port : literal + ":" + port;
                assertEquals(200, status(host), host);
            }
        }
    }

    @Test
    void the_host_name_and_canonical_name_are_accepted() throws Exception {
        InetAddress self = InetAddress.getLocalHost();
        assertEquals(200, status(self.getHostName() + ":" + port), self.getHostName());
        assertEquals(200, status(self.getCanonicalHostName().toUpperCase()), self.getCanonicalHostName());
    }

    @Test
    void a_name_given_as_allowed_host_is_accepted() throws Exception {
        assertEquals(200, status("mill.example.org:" + port));
    }

    @Test
    void other_names_are_still_refused_with_403() throws Exception {
        String response = rawGet("evil.example:" + port);
        assertEquals(403, statusOf(response), response);
        assertTrue(response.contains("not one of this coordinator's names"), response);
        assertEquals(403, status("mill.example.org.evil.example"));
        assertEquals(403, status("[fe80::dead:beef]"));
    }

    @Test
    void only_any_address_literals_are_wildcards() {
        assertTrue(MachineNames.isWildcard("0.0.0.0"));
        assertTrue(MachineNames.isWildcard("::"));
        assertTrue(MachineNames.isWildcard("[::]"));
        assertFalse(MachineNames.isWildcard("127.0.0.1"));
        assertFalse(MachineNames.isWildcard("localhost"));
        assertFalse(MachineNames.isWildcard("::1"));
    }

    private int status(String host) throws Exception {
        return statusOf(rawGet(host));
    }

    /** {@code GET /health} (public: no token) with the given {@code Host}, by raw socket to 127.0.0.1. */
    private String rawGet(String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) RestFixture.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int statusOf(String rawResponse) {
        return Integer.parseInt(rawResponse.substring(9, 12));
    }
}
