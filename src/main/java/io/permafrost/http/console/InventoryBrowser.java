package io.permafrost.http.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.GlacierException;
import io.permafrost.vault.JobOutput;
import io.permafrost.vault.JobService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pages through a vault's latest inventory (the newest succeeded inventory job's output), filtered by
 * description. The output goes to a temporary file and is read back as a stream, so only one page of
 * archives is ever in memory, however many the vault holds.
 */
final class InventoryBrowser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConsoleServices services;

    InventoryBrowser(ConsoleServices services) {
        this.services = services;
    }

    String html(ConsoleRequest request, String vault, String filter, String pageText) {
        Map<String, Object> latest = latestInventory(request, vault);
        if (latest == null) {
            return "<p id=\"no-inventory\">No inventory yet: start an inventory job, and when it completes its archives "
                    + "are listed here.</p>\n";
        }
        int pageNumber = parsePage(pageText);
        String wanted = filter == null ? "" : filter.trim();
        JobOutput output = services.jobs().output(request.context(), "-", vault, String.valueOf(latest.get("JobId")), null);
        List<JsonNode> shown = new ArrayList<>();
        int matches;
        try {
            Path file = Files.createTempFile("permafrost-console-inventory", ".json");
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    output.writeTo(out);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    matches = page(in, wanted, pageNumber, shown);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = VaultPages.base(vault) + "/archives";
        StringBuilder out = new StringBuilder("<p>Inventory of " + Page.esc(String.valueOf(latest.get("CompletionDate")))
                + " (an inventory shows the vault as it was when the job ran).</p>\n");
        out.append("<form method=\"get\" action=\"").append(Page.esc(base)).append("\" id=\"filter\">")
                .append(Page.field("filter", "Filter by description", "search", wanted, false))
                .append("<button type=\"submit\">Filter</button></form>\n");
        out.append("<table id=\"inventory\"><thead><tr><th scope=\"col\">Archive ID</th><th scope=\"col\">Description</th>"
                + "<th scope=\"col\">Size</th><th scope=\"col\">Created</th><th scope=\"col\">Tree hash</th></tr></thead><tbody>\n");
        for (JsonNode archive : shown) {
            out.append("<tr><td><code class=\"archive-id\">").append(Page.esc(archive.path("ArchiveId").asText()))
                    .append("</code></td><td>").append(Page.esc(archive.path("ArchiveDescription").asText()))
                    .append("</td><td>").append(Page.esc(Sizes.human(archive.path("Size").asLong())))
                    .append("</td><td>").append(Page.esc(archive.path("CreationDate").asText()))
                    .append("</td><td><code>").append(Page.esc(archive.path("SHA256TreeHash").asText()))
                    .append("</code></td></tr>\n");
        }
        out.append("</tbody></table>\n");
        int pages = Math.max(1, (matches + ArchivePages.PAGE_SIZE - 1) / ArchivePages.PAGE_SIZE);
        out.append("<p>").append(matches).append(" archive(s), page ").append(pageNumber).append(" of ").append(pages);
        String filterQuery = wanted.isEmpty() ? "" : "&filter=" + java.net.URLEncoder.encode(wanted, java.nio.charset.StandardCharsets.UTF_8);
        if (pageNumber > 1) {
            out.append(" ").append(Page.link(base + "?page=" + (pageNumber - 1) + filterQuery, "Previous"));
        }
        if (pageNumber < pages) {
            out.append(" ").append(Page.link(base + "?page=" + (pageNumber + 1) + filterQuery, "Next"));
        }
        return out.append("</p>\n").toString();
    }

    /** Reads ArchiveList entry by entry; keeps only the requested page's; returns how many matched. */
    static int page(InputStream in, String filter, int pageNumber, List<JsonNode> shown) throws IOException {
        String needle = filter.toLowerCase(Locale.ROOT);
        int first = (pageNumber - 1) * ArchivePages.PAGE_SIZE;
        int matches = 0;
        try (JsonParser parser = new JsonFactory(JSON).createParser(in)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "ArchiveList".equals(parser.currentName())
                        && parser.nextToken() == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode archive = parser.readValueAsTree();
                        if (archive.path("ArchiveDescription").asText().toLowerCase(Locale.ROOT).contains(needle)) {
                            if (matches >= first && shown.size() < ArchivePages.PAGE_SIZE) {
                                shown.add(archive);
                            }
                            matches++;
                        }
                    }
                }
            }
        }
        return matches;
    }

    private Map<String, Object> latestInventory(ConsoleRequest request, String vault) {
        Map<String, Object> latest = null;
        String marker = null;
        do {
            JobService.JobList list = services.jobs().list(request.context(), "-", vault, marker, JobService.LIST_MAX,
                    "Succeeded", null);
            for (Map<String, Object> job : list.jobs()) {
                boolean inventory = "InventoryRetrieval".equals(job.get("Action"));
                if (inventory && (latest == null
                        || String.valueOf(job.get("CompletionDate")).compareTo(String.valueOf(latest.get("CompletionDate"))) > 0)) {
                    latest = job;
                }
            }
            marker = list.marker();
        } while (marker != null);
        return latest;
    }

    private static int parsePage(String text) {
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            int page = Integer.parseInt(text.trim());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // Falls through to the API-style message below.
        }
        throw GlacierException.invalidParameter("Invalid page: " + text + ". A page is a whole number from 1.");
    }
}
