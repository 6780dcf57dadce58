package io.permafrost.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The canonical query string (spec 5.3). Each name and value is decoded and re-encoded so that the
 * result does not depend on how the client chose to escape characters on the wire.
 */
final class CanonicalQuery {
    private record Parameter(String name, String value) {
    }

    private CanonicalQuery() {
    }

    static String of(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Parameter> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.add(new Parameter(reencode(name), reencode(value)));
        }
        return parameters.stream()
                .sorted(Comparator.comparing(Parameter::name).thenComparing(Parameter::value))
                .map(p -> p.name() + "=" + p.value())
                .collect(Collectors.joining("&"));
    }

    private static String reencode(String raw) {
        return PercentCodec.encode(PercentCodec.decode(raw), false);
    }
}
