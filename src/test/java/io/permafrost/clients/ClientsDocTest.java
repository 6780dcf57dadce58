package io.permafrost.clients;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/clients.md cannot rot: every test its client table names exists in this package, and every
 * client test of this package is named in the table.
 */
class ClientsDocTest {
    private static final Path DOC = Path.of("docs/clients.md");
    private static final Path TESTS = Path.of("src/test/java/io/permafrost/clients");
    private static final Pattern TABLE_ROW_TEST = Pattern.compile("^\\|[^|]+\\|[^|]+\\| `([A-Za-z0-9]+IT)` \\|$",
            Pattern.MULTILINE);

    @Test
    void everyDocumentedClientHasATestAndEveryClientTestIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = TABLE_ROW_TEST.matcher(Files.readString(DOC));
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> tests;
        try (Stream<Path> files = Files.list(TESTS)) {
            tests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("IT.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(documented).isNotEmpty().isEqualTo(tests);
    }

    @Test
    void everyRecipeSectionNamesATestOfTheTable() throws IOException {
        String doc = Files.readString(DOC);
        Matcher sections = Pattern.compile("^## .+ — `([A-Za-z0-9]+IT)`$", Pattern.MULTILINE).matcher(doc);
        Set<String> named = new TreeSet<>();
        while (sections.find()) {
            named.add(sections.group(1));
        }
        Matcher rows = TABLE_ROW_TEST.matcher(doc);
        Set<String> inTable = new TreeSet<>();
        while (rows.find()) {
            inTable.add(rows.group(1));
        }
        assertThat(named).isEqualTo(inTable);
    }
}
