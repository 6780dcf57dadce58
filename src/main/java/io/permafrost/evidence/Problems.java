package io.permafrost.evidence;

import java.util.ArrayList;
import java.util.List;

/** What a verification found wrong, in the order found; a document damaged throughout is not listed in full. */
final class Problems {
    static final int SHOWN = 50;

    private final List<String> found = new ArrayList<>();
    private long more;

    void add(String problem) {
        if (found.size() < SHOWN) {
            found.add(problem);
        } else {
            more++;
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<String> list() {
        List<String> all = new ArrayList<>(found);
        if (more > 0) {
            all.add("... and " + more + " more");
        }
        return all;
    }
}
