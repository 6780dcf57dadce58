package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.vault.InventorySettings;
import io.permafrost.vault.JobSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code jobs} and {@code inventory} sections of the config file, as docs/jobs.md documents them. */
class JobConfigSectionsTest {
    @TempDir
    Path dir;

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void serveReadsBothSectionsFromTheConfigFile() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        ServerConfig config = serve.resolve(json("""
                {"jobs": {"profile": "realistic", "standardDelay": "30m"},
                 "inventory": {"mode": "scheduled", "interval": "6h"}}"""), Map.of());
        assertThat(config.jobs()).isEqualTo(new JobSettings(Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(8), Duration.ofHours(4), Duration.ofHours(24)));
        assertThat(config.inventory()).isEqualTo(InventorySettings.scheduled(Duration.ofHours(6)));
    }

    @Test
    void singleDelaysOverrideTheImmediateProfile() throws Exception {
        JobSettings jobs = JobsSection.read(json("{\"bulkDelay\": \"90s\", \"retention\": \"2d\"}"));
        assertThat(jobs).isEqualTo(new JobSettings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(90), Duration.ZERO,
                Duration.ofDays(2)));
        assertThat(JobsSection.read(null)).isEqualTo(JobSettings.defaults());
    }

    @Test
    void scheduledModeKeepsTheDailyIntervalUnlessGiven() throws Exception {
        assertThat(InventorySection.read(json("{\"mode\": \"scheduled\"}")))
                .isEqualTo(InventorySettings.scheduled(Duration.ofHours(24)));
        assertThat(InventorySection.read(json("{\"mode\": \"per-job\"}"))).isEqualTo(InventorySettings.defaults());
    }

    @Test
    void badValuesStopTheServerWithTheMemberNamed() {
        assertThatThrownBy(() -> InventorySection.read(json("{\"mode\": \"daily\"}")))
                .hasMessageContaining("inventory.mode");
        assertThatThrownBy(() -> InventorySection.read(json("{\"mode\": \"scheduled\", \"interval\": \"0s\"}")))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> JobsSection.read(json("{\"profile\": \"slow\"}"))).hasMessageContaining("jobs.profile");
        assertThatThrownBy(() -> JobsSection.read(json("{\"standardDelay\": \"soon\"}")))
                .hasMessageContaining("soon");
    }
}
