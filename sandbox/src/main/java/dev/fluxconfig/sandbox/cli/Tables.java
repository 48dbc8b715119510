package dev.fluxconfig.sandbox.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables in the style of kubectl: upper-case headers, columns padded by three spaces. */
public final class Tables {

    private Tables() {
    }

    public static String render(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], value(row.get(i)).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = value(row.get(i));
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 3));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String value(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    /** Age as kubectl prints it: 45s, 3m12s, 2h5m, 3d. */
    public static String age(String creationTimestamp, Instant now) {
        if (creationTimestamp == null) {
            return "<unknown>";
        }
        long s = Math.max(0, Duration.between(Instant.parse(creationTimestamp), now).getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        if (s < 3 * 3600) {
            return (s / 60) + "m";
        }
        if (s < 48 * 3600) {
            return (s / 3600) + "h" + ((s % 3600) / 60) + "m";
        }
        return (s / 86400) + "d";
    }
}
