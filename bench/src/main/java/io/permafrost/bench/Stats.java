package io.permafrost.bench;

import java.util.Arrays;
import java.util.List;

/** min/median/max of one column of repeated measurements, as the README's tables show them. */
final class Stats {
    private Stats() {
    }

    static String of(List<double[]> rounds, int column) {
        double[] values = rounds.stream().mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return "n/a";
        }
        double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        return String.format("%.2f/%.2f/%.2f s", values[0], median, values[values.length - 1]);
    }

    static String of(double[] values) {
        return of(Arrays.stream(values).mapToObj(v -> new double[] {v}).toList(), 0);
    }
}
