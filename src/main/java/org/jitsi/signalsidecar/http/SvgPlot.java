package org.jitsi.signalsidecar.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A small inline SVG line chart of the last hour: one polyline per series, each point the largest
 * value of its {@value #BUCKETS} time buckets, so the markup stays a few KB however many polls the
 * hour held. A poll without a value (jicofo unreachable, say) breaks the line.
 */
final class SvgPlot {
    static final int WIDTH = 600;
    static final int HEIGHT = 120;
    static final int BUCKETS = 200;
    private static final int TOP = 14;
    private static final int BOTTOM = 104;

    /** A value at a moment; {@code NaN} when that poll had none. */
    record Point(Instant time, double value) {
    }

    /**
     * @param label  shown in the legend
     * @param cls    the colour class, {@code s1} to {@code s4}
     * @param points oldest first
     */
    record Series(String label, String cls, List<Point> points) {
        Series {
            requireNonNull(label, "label is null");
            requireNonNull(points, "points is null");
        }
    }

    private SvgPlot() {
    }

    /**
     * @param title what the chart shows, for screen readers
     * @param unit  appended to the largest value on the axis ({@code ms}, or empty)
     */
    static Html render(String title, String unit, Instant now, Duration window, List<Series> series) {
        Instant from = now.minus(window);
        double max = 1;
        List<Double[]> bucketed = new ArrayList<>();
        for (Series s : series) {
            // per bucket: null = no poll fell there (the line goes on), NaN = polls without a value (a gap)
            Double[] buckets = new Double[BUCKETS];
            for (Point p : s.points()) {
                long offset = Duration.between(from, p.time()).toMillis();
                if (offset < 0 || offset > window.toMillis()) {
                    continue;
                }
                int b = (int) Math.min(BUCKETS - 1, offset * BUCKETS / Math.max(1, window.toMillis()));
                if (Double.isNaN(p.value())) {
                    buckets[b] = buckets[b] == null ? Double.NaN : buckets[b];
                    continue;
                }
                double v = Math.max(0, p.value());
                buckets[b] = buckets[b] == null || buckets[b].isNaN() ? v : Math.max(v, buckets[b]);
                max = Math.max(max, v);
            }
            bucketed.add(buckets);
        }
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.text(title).markup()).append("\">");
        svg.append("<rect class=\"frame\" x=\"0.5\" y=\"").append(TOP).append("\" width=\"").append(WIDTH - 1)
                .append("\" height=\"").append(BOTTOM - TOP).append("\"/>");
        svg.append("<text class=\"axis\" x=\"2\" y=\"11\">").append(Html.text(number(max) + unit).markup()).append("</text>");
        svg.append("<text class=\"axis\" x=\"2\" y=\"118\">").append(ago(window)).append("</text>");
        svg.append("<text class=\"axis\" x=\"").append(WIDTH - 2).append("\" y=\"118\" text-anchor=\"end\">now</text>");
        for (int i = 0; i < series.size(); i++) {
            Double[] buckets = bucketed.get(i);
            StringBuilder line = new StringBuilder();
            for (int b = 0; b < BUCKETS; b++) {
                if (buckets[b] == null) {
                    continue;
                }
                if (buckets[b].isNaN()) {
                    flush(svg, series.get(i).cls(), line);
                    continue;
                }
                double x = (b + 0.5) * WIDTH / BUCKETS;
                double y = BOTTOM - buckets[b] / max * (BOTTOM - TOP);
                line.append(String.format(Locale.ROOT, "%.0f,%.1f ", x, y));
            }
            flush(svg, series.get(i).cls(), line);
        }
        svg.append("</svg>");
        List<Html> legend = new ArrayList<>();
        if (series.size() > 1) {
            for (Series s : series) {
                legend.add(Html.element("li", s.cls(), Html.text(s.label())));
            }
        }
        return Html.concat(new Html(svg.toString()),
                legend.isEmpty() ? Html.EMPTY : Html.element("ul", "legend", Html.concat(legend)));
    }

    private static void flush(StringBuilder svg, String cls, StringBuilder line) {
        if (line.isEmpty()) {
            return;
        }
        // a single point still shows: repeat it one pixel on
        String points = line.toString().strip();
        if (!points.contains(" ")) {
            String[] xy = points.split(",");
            points = points + " " + (Double.parseDouble(xy[0]) + 1) + "," + xy[1];
        }
        svg.append("<polyline class=\"").append(cls).append("\" points=\"").append(points).append("\"/>");
        line.setLength(0);
    }

    private static String ago(Duration window) {
        return window.toSeconds() < 120 ? window.toSeconds() + " s ago" : window.toMinutes() + " min ago";
    }

    /**
     * The span to draw: the last {@code max}, or less while the history is younger, so the first
     * minutes after a start are not a dot at the right edge; never under 10 s.
     */
    static Duration span(Instant now, Instant oldest, Duration max) {
        Duration age = Duration.between(oldest, now);
        Duration floor = Duration.ofSeconds(10);
        return age.compareTo(max) > 0 ? max : age.compareTo(floor) < 0 ? floor : age;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
