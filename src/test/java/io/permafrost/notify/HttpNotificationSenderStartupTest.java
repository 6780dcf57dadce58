package io.permafrost.notify;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server builds its notification sender at start-up; the HTTP client (and its SSLContext) must wait for use. */
class HttpNotificationSenderStartupTest {

    @Test
    void buildsNoHttpClientUntilTheFirstDelivery() {
        HttpNotificationSender sender = new HttpNotificationSender(NotificationTargets.none());

        assertThat(sender.clientBuilt()).isFalse();
    }

    @Test
    void buildsTheClientOnTheFirstDelivery() {
        HttpNotificationSender sender = new HttpNotificationSender(NotificationTargets.none());

        // Port 9 on loopback: refused at once; the attempt fails, but it needed a client.
        sender.publish("arn:aws:sns:us-east-1:123456789012:t", "m1", "{}", Instant.EPOCH,
                List.of(URI.create("http://127.0.0.1:9/")));

        assertThat(sender.clientBuilt()).isTrue();
    }
}
