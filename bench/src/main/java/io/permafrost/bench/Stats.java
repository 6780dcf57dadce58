package io.permafrost.bench;

import java.util.Arrays;
import java.util.List;

/** min/median/max of one column of repeated measurements, as the README's tables show them. */
final class Stats {
    private Stats() {
    }

    static String of(List<double[]> rounds, int column) {
        return of(rounds.stream().mapToDouble(r -> r[column]).toArray(), " s");
    }

    static String of(double[] values) {
        return of(values, " s");
    }

    /** min/median/max of the values that were measured (NaN is left out), then {@code unit}. */
    static String of(double[] values, String unit) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return "n/a";
        }
        return String.format("%.2f/%.2f/%.2f%s", sorted[0], median(sorted), sorted[sorted.length - 1], unit);
    }

    static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
