package io.permafrost.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A copy of a bundle edited as someone covering their tracks would: each edit writes a new file beside it. */
public final class EditedBundle {
    private final Path original;
    private final String text;
    private int edits;

    private EditedBundle(Path original, String text) {
        this.original = original;
        this.text = text;
    }

    public static EditedBundle of(Path bundle) throws IOException {
        return new EditedBundle(bundle, Files.readString(bundle, StandardCharsets.UTF_8));
    }

    /** The bundle with the one occurrence of {@code from} replaced by {@code to}. */
    public Path replace(String from, String to) throws IOException {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("not exactly one " + from + " in the bundle");
        }
        return write(text.substring(0, at) + to + text.substring(at + from.length()));
    }

    /** The bundle with the archive's entry (and the comma that joined it to the list) cut out. */
    public Path withoutArchive(String archiveId) throws IOException {
        Matcher entry = Pattern.compile(",?\\{\"archiveId\":\"" + Pattern.quote(archiveId)
                + "\".*?\"lastScrub\":(null|\\{[^}]*\\})\\}").matcher(text);
        if (!entry.find()) {
            throw new IllegalArgumentException("no archive " + archiveId + " in the bundle");
        }
        String cut = text.substring(0, entry.start()) + text.substring(entry.end());
        // The first entry leaves the comma of the second behind it: "[," is not JSON.
        return write(cut.replace("[,{", "[{"));
    }

    private Path write(String edited) throws IOException {
        Path copy = original.resolveSibling(original.getFileName() + ".edited-" + ++edits);
        Files.writeString(copy, edited, StandardCharsets.UTF_8);
        return copy;
    }
}
