package io.permafrost.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --help} shows the defaults the server really uses (issue 14: it said "default null"). */
class ServeHelpTest {
    @Test
    void helpShowsTheRealDefaults() {
        String help = new CommandLine(new ServeCommand()).setUsageHelpWidth(200).getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");
        assertThat(help).doesNotContain("null")
                .contains("--port=<port> TCP port (default " + ServerConfig.DEFAULT_PORT + ";")
                .contains("(default " + ServerConfig.DEFAULT_HOST + ";")
                .contains("(default " + ServerConfig.DEFAULT_REGION + ")")
                .contains("(default ./" + ServerConfig.DEFAULT_DATA + ")");
    }
}
