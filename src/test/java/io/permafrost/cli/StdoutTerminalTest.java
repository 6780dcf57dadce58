package io.permafrost.cli;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StdoutTerminalTest {
    @Test
    void aConsoleWithStdoutRedirectedToAFileIsNoTerminal() {
        // JDK 22+: System.console() is non-null even here.
        assertThat(StdoutTerminal.decide(true, Optional.empty(), Optional.of("/var/log/migrate.log"))).isFalse();
        assertThat(StdoutTerminal.decide(true, Optional.of(true), Optional.of("pipe:[12345]"))).isFalse();
    }

    @Test
    void jdk22ConsoleThatIsNoTerminalDecidesWhereFdOneIsUnknown() {
        assertThat(StdoutTerminal.decide(true, Optional.of(false), Optional.empty())).isFalse();
        assertThat(StdoutTerminal.decide(true, Optional.of(true), Optional.empty())).isTrue();
    }

    @Test
    void aPseudoTerminalOnStdoutIsATerminal() {
        assertThat(StdoutTerminal.decide(true, Optional.empty(), Optional.of("/dev/pts/3"))).isTrue();
        assertThat(StdoutTerminal.decide(true, Optional.of(true), Optional.of("/dev/tty1"))).isTrue();
    }

    @Test
    void noConsoleIsNeverATerminal() {
        assertThat(StdoutTerminal.decide(false, Optional.of(true), Optional.of("/dev/pts/3"))).isFalse();
    }

    @Test
    void underTheTestRunnerStdoutIsNoTerminal() {
        assertThat(StdoutTerminal.isTerminal()).isFalse();
    }
}
