package io.permafrost.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which filesystem a bench writes to, and whether it keeps a journal: on ext4 without one a file
 * create costs ten to fifty times more after many deletes, which a file per part pays for.
 */
final class WorkFilesystem {
    private WorkFilesystem() {
    }

    /** E.g. "/dev/vda (ext4, no journal)"; what is not known is left out. */
    static String describe(Path folder) {
        String[] mount = mountOf(folder);
        if (mount == null) {
            return "unknown";
        }
        String device = mount[0];
        String type = mount[1];
        return device + " (" + type + journal(device, type) + ")";
    }

    /** The longest /proc/mounts entry that contains {@code folder}: device and filesystem type. */
    private static String[] mountOf(Path folder) {
        try {
            Path real = folder.toRealPath();
            String[] best = null;
            int bestLength = -1;
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length < 3) {
                    continue;
                }
                Path point = Path.of(fields[1]);
                if (real.startsWith(point) && fields[1].length() > bestLength) {
                    best = new String[] {fields[0], fields[2]};
                    bestLength = fields[1].length();
                }
            }
            return best;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** ext3/ext4 list each journal they run under /proc/fs/jbd2 as DEVICE-INODE. */
    private static String journal(String device, String type) {
        if (!type.startsWith("ext")) {
            return "";
        }
        String name = Path.of(device).getFileName().toString();
        try (Stream<Path> journals = Files.list(Path.of("/proc/fs/jbd2"))) {
            return journals.anyMatch(j -> j.getFileName().toString().startsWith(name + "-"))
                    ? ", with a journal" : ", no journal";
        } catch (IOException e) {
            return ", no journal";
        }
    }
}
