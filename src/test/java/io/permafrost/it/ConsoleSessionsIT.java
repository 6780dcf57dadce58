package io.permafrost.it;

import io.permafrost.testing.ConsoleVisitor;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console sessions live with the metadata, over HTTP against the console's pages: a session opened on one
 * node of a cluster is honoured by the other (no sticky load balancer), a sign-out on either ends it on
 * both at once, a session outlives a restart until it ends, and the store holds only the token's hash.
 */
class ConsoleSessionsIT {

    @Test
    void aSessionOpenedOnOneNodeIsUsedOnTheOtherAndSigningOutThereEndsItOnBoth() throws Exception {
        try (TestServer nodeA = TestServer.clusterNode(); TestServer nodeB = nodeA.anotherNode()) {
            ConsoleVisitor user = ConsoleVisitor.signIn(nodeA.endpoint(), TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
            assertThat(user.isSignedInOn(nodeA.endpoint())).isTrue();
            assertThat(user.isSignedInOn(nodeB.endpoint())).as("the session opened on A, used on B").isTrue();

            // A form on B: its CSRF token (the session's) is known there, and the message it leaves shows on A.
            String vaults = user.get(nodeB.endpoint(), "/console/vaults").body();
            HttpResponse<String> created = user.post(nodeB.endpoint(), "/console/vaults", vaults,
                    Map.of("name", "made-on-b"));
            assertThat(created.statusCode()).isEqualTo(303);
            assertThat(user.get(nodeA.endpoint(), "/console/vaults/made-on-b").body()).contains("Created vault made-on-b.");

            String page = user.get(nodeB.endpoint(), "/console/vaults").body();
            assertThat(user.post(nodeB.endpoint(), "/console/sign-out", page, Map.of()).statusCode()).isEqualTo(303);
            assertThat(user.isSignedInOn(nodeA.endpoint())).as("signed out on B: refused on A").isFalse();
            assertThat(user.isSignedInOn(nodeB.endpoint())).isFalse();
        }
    }

    @Test
    void aSessionOutlivesARestartUntilItsIdleLimit() throws Exception {
        try (TestServer server = new TestServer()) {
            ConsoleVisitor user = ConsoleVisitor.signIn(server.endpoint(), TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
            server.restart();
            assertThat(user.isSignedInOn(server.endpoint())).as("the same cookie after a restart").isTrue();

            server.clock().advance(Duration.ofMinutes(15));
            assertThat(user.isSignedInOn(server.endpoint())).as("15 minutes idle: ended").isFalse();
        }
    }

    @Test
    void theStoreHoldsOnlyTheHashOfASessionsToken() throws Exception {
        try (TestServer server = new TestServer()) {
            ConsoleVisitor user = ConsoleVisitor.signIn(server.endpoint(), TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
            List<String> stored = new ArrayList<>();
            try (Connection c = server.metadataConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM console_sessions")) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        stored.add(rs.getString(i));
                    }
                }
            }
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(user.sessionToken().getBytes(StandardCharsets.UTF_8)));
            assertThat(stored).contains(hash).doesNotContain(user.sessionToken());
        }
    }
}
