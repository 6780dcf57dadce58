package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config values of the wrong shape stop the start, naming the member, instead of being read as something else. */
class ConfigShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCountThatIsNotANumberNamesItsMember() {
        assertThatThrownBy(() -> NotificationsSection.read(json("{\"maxAttempts\": \"many\"}")))
                .isInstanceOf(StartupException.class)
                .hasMessage("config: notifications.maxAttempts must be a whole number from 1 to 2147483647, got \"many\"");
        assertThatThrownBy(() -> RetrievalSection.read(json("{\"freeTierBytesPerDay\": \"lots\"}")))
                .isInstanceOf(StartupException.class).hasMessageContaining("retrieval.freeTierBytesPerDay");
    }

    @Test
    void aMisspeltMemberOfASectionIsRefused() {
        assertThatThrownBy(() -> JobsSection.read(json("{\"retension\": \"48h\"}")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("config: unknown member \"retension\" in jobs (known: ");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
