package io.permafrost.migrate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress output's two forms. Whether the real command takes the terminal form is System.console() deciding,
 * which a test process (no terminal) cannot show; here each form is asked for directly.
 */
class ProgressDisplayTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private MigrationCounters halfWay() {
        MigrationCounters counters = new MigrationCounters();
        counters.archivesTotal.set(4);
        counters.bytesTotal.set(4 * 1024 * 1024);
        counters.archivesDone.set(2);
        counters.bytesDone.set(2 * 1024 * 1024);
        return counters;
    }

    private String shown(boolean terminal) {
        // An hour between lines: only the final line on close is printed, whatever the machine's speed.
        try (ProgressDisplay display = new ProgressDisplay(halfWay(), new PrintStream(printed, true,
                StandardCharsets.UTF_8), terminal, Duration.ofHours(1))) {
            assertThat(display.figures()).startsWith("2/4 archives, 2.0 MiB/4.0 MiB, ");
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEachReportIsAPlainLineForALog() {
        String output = shown(false);

        assertThat(output).doesNotContain("\r", "[", "#").endsWith("\n");
        assertThat(output.lines()).singleElement().asString().startsWith("migrate: 2/4 archives, 2.0 MiB/4.0 MiB, ");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceWithABar() {
        String output = shown(true);

        assertThat(output).startsWith("\r[############............] 2/4 archives, 2.0 MiB/4.0 MiB, ").endsWith("\n");
    }
}
