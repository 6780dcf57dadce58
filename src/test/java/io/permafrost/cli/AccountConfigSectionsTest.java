package io.permafrost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.notify.NotificationTargets;
import io.permafrost.vault.RetrievalSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The config file's {@code notifications} and {@code retrieval} sections, and their defaults. */
class AccountConfigSectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void defaultsWhenTheSectionsAreAbsent() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        ServerConfig config = serve.resolve(null, Map.of("PERMAFROST_ACCESS_KEY_ID", "AK",
                "PERMAFROST_SECRET_ACCESS_KEY", "SK", "PERMAFROST_ACCOUNT_ID", "111122223333"));
        assertThat(config.notifications().topics()).isEmpty();
        assertThat(config.notifications().maxAttempts()).isEqualTo(8);
        assertThat(config.notifications().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.notifications().maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.retrieval()).isEqualTo(RetrievalSettings.defaults());
        assertThat(config.retrieval().rateWindow()).isEqualTo(Duration.ofHours(4));
        assertThat(config.retrieval().onDemandExpeditedPerFiveMinutes()).isEqualTo(RetrievalSettings.UNLIMITED);
        assertThat(config.retrieval().maxCapacityUnits()).isEqualTo(2);
    }

    @Test
    void topicsMapToOneOrSeveralEndpoints() throws Exception {
        NotificationTargets targets = NotificationsSection.read(JSON.readTree("""
                {"topics": {"arn:aws:sns:us-east-1:111122223333:restores": ["http://127.0.0.1:9000/hook",
                                                                              "https://hooks.example.com/glacier"],
                            "arn:aws:sns:us-east-1:111122223333:other": "http://127.0.0.1:9001/"},
                 "maxAttempts": 3, "initialBackoff": "250ms", "maxBackoff": "1m", "requestTimeout": "5s"}"""));
        assertThat(targets.topics()).containsOnly(
                Map.entry("arn:aws:sns:us-east-1:111122223333:restores",
                        List.of(URI.create("http://127.0.0.1:9000/hook"), URI.create("https://hooks.example.com/glacier"))),
                Map.entry("arn:aws:sns:us-east-1:111122223333:other", List.of(URI.create("http://127.0.0.1:9001/"))));
        assertThat(targets.maxAttempts()).isEqualTo(3);
        assertThat(targets.initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(targets.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(targets.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aMalformedEndpointStopsTheStart() {
        assertThatThrownBy(() -> NotificationsSection.read(JSON.readTree(
                "{\"topics\": {\"arn:aws:sns:us-east-1:111122223333:t\": \"ftp://host/x\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://host/x");
        assertThatThrownBy(() -> NotificationsSection.read(JSON.readTree(
                "{\"topics\": {\"arn:aws:sns:us-east-1:111122223333:t\": \"not a url\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a url");
    }

    @Test
    void retrievalSectionOverridesDefaults() throws Exception {
        RetrievalSettings settings = RetrievalSection.read(JSON.readTree(
                "{\"rateWindow\": \"1h\", \"freeTierBytesPerDay\": 5000, \"onDemandExpeditedPerFiveMinutes\": 4}"));
        assertThat(settings.rateWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.freeTierBytesPerDay()).isEqualTo(5000);
        assertThat(settings.onDemandExpeditedPerFiveMinutes()).isEqualTo(4);
    }
}
