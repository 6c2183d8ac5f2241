package io.loomkit.jmh.channel;

import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Draws {@link BacklogTrace}'s samples as a hand-written SVG: capacity over time on a log2 scale (top),
 * backlog over time as the peak {@code size()} per {@link #BIN_NANOS} (bottom), fixed and adaptive channel
 * in both panels, the phase change marked.
 */
final class BacklogChart {
    static final long BIN_NANOS = 100 * BacklogTrace.MS;
    private static final String FIXED = "#1565c0";
    private static final String ADAPTIVE = "#e65100";
    private static final String FIXED_FILL = "#bbdefb";
    private static final int LEFT = 70;
    private static final int PLOT_W = 760;
    private static final int PANEL_H = 180;
    private static final int TOP_1 = 80;
    private static final int TOP_2 = TOP_1 + PANEL_H + 60;
    private static final int HEIGHT = TOP_2 + PANEL_H + 50;

    private BacklogChart() {}

    static String svg(List<BacklogTrace.Sample> samples, long runNanos, long phaseNanos) {
        StringBuilder sb = new StringBuilder();
        sb.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                + " font-size=\"12\">%n", LEFT + PLOT_W + 40, HEIGHT));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(f("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Channel backlog and capacity over"
                + " time: fixed %d vs adaptive(%d, %d) from %d, same bursty traffic</text>%n",
                BacklogTrace.FIXED_CAPACITY, BacklogTrace.ADAPTIVE_MIN, BacklogTrace.ADAPTIVE_MAX,
                BacklogTrace.ADAPTIVE_INITIAL));
        legend(sb, LEFT, 46, FIXED, "fixed, capacity " + BacklogTrace.FIXED_CAPACITY + " (backlog: shaded)");
        legend(sb, LEFT + 330, 46, ADAPTIVE, "adaptive(" + BacklogTrace.ADAPTIVE_MIN + ", "
                + BacklogTrace.ADAPTIVE_MAX + ")");

        // Top panel: capacity, log2 scale from 1 to 2048.
        int logHi = 11;
        panel(sb, TOP_1, "capacity() (log scale)", runNanos, phaseNanos, true);
        for (int e = 0; e <= logHi; e++) {
            double y = TOP_1 + PANEL_H - (double) e / logHi * PANEL_H;
            gridY(sb, y, String.valueOf(1 << e));
        }
        ToIntFunction<BacklogTrace.Sample> fixedCap = BacklogTrace.Sample::fixedCapacity;
        ToIntFunction<BacklogTrace.Sample> adaptiveCap = BacklogTrace.Sample::adaptiveCapacity;
        for (int pass = 0; pass < 2; pass++) {
            ToIntFunction<BacklogTrace.Sample> value = pass == 0 ? fixedCap : adaptiveCap;
            // A step line: a point where the capacity changes, and the last sample.
            StringBuilder points = new StringBuilder();
            int last = -1;
            double lastY = 0;
            for (BacklogTrace.Sample s : samples) {
                int v = value.applyAsInt(s);
                double x = x(s.nanos(), runNanos);
                double y = TOP_1 + PANEL_H - Math.log(Math.max(1, v)) / Math.log(2) / logHi * PANEL_H;
                if (last >= 0 && v != last) {
                    points.append(f("%.1f,%.1f ", x, lastY));
                }
                if (v != last || s == samples.get(samples.size() - 1)) {
                    points.append(f("%.1f,%.1f ", x, y));
                }
                last = v;
                lastY = y;
            }
            polyline(sb, points, pass == 0 ? FIXED : ADAPTIVE, 2.0);
        }

        // Bottom panel: peak backlog per bin, linear.
        int bins = (int) (runNanos / BIN_NANOS) + 1;
        int[] fixedPeak = new int[bins];
        int[] adaptivePeak = new int[bins];
        int max = 1;
        for (BacklogTrace.Sample s : samples) {
            int b = (int) Math.min(bins - 1, s.nanos() / BIN_NANOS);
            fixedPeak[b] = Math.max(fixedPeak[b], s.fixedSize());
            adaptivePeak[b] = Math.max(adaptivePeak[b], s.adaptiveSize());
            max = Math.max(max, Math.max(s.fixedSize(), s.adaptiveSize()));
        }
        int step = niceStep(max);
        int yMax = (max + step - 1) / step * step;
        panel(sb, TOP_2, "backlog: peak size() per " + BIN_NANOS / BacklogTrace.MS + " ms (sampled every "
                + BacklogTrace.SAMPLE_NANOS / BacklogTrace.MS + " ms)", runNanos, phaseNanos, false);
        for (int v = 0; v <= yMax; v += step) {
            gridY(sb, TOP_2 + PANEL_H - (double) v / yMax * PANEL_H, String.valueOf(v));
        }
        // The fixed channel's backlog as a shaded area, the adaptive one's as a line over it: they match.
        for (int pass = 0; pass < 2; pass++) {
            int[] peak = pass == 0 ? fixedPeak : adaptivePeak;
            StringBuilder points = new StringBuilder();
            if (pass == 0) {
                points.append(f("%.1f,%d ", x(0, runNanos), TOP_2 + PANEL_H));
            }
            for (int b = 0; b < bins; b++) {
                double y = TOP_2 + PANEL_H - (double) peak[b] / yMax * PANEL_H;
                points.append(f("%.1f,%.1f %.1f,%.1f ", x(b * BIN_NANOS, runNanos), y,
                        x(Math.min(runNanos, (b + 1) * BIN_NANOS), runNanos), y));
            }
            if (pass == 0) {
                points.append(f("%.1f,%d", x(runNanos, runNanos), TOP_2 + PANEL_H));
                sb.append(f("<polygon fill=\"%s\" stroke=\"%s\" stroke-width=\"0.8\" points=\"%s\"/>%n",
                        FIXED_FILL, FIXED, points.toString().trim()));
            } else {
                polyline(sb, points, ADAPTIVE, 1.5);
            }
        }
        sb.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>%n", LEFT + PLOT_W / 2,
                HEIGHT - 8));
        return sb.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder sb, int top, String title, long runNanos, long phaseNanos,
            boolean phaseLabels) {
        sb.append(f("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, top - 8, title));
        sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999999\"/>%n", LEFT,
                top, PLOT_W, PANEL_H));
        for (long t = 0; t <= runNanos; t += 1_000 * BacklogTrace.MS) {
            double x = x(t, runNanos);
            sb.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eeeeee\"/>%n", x, top, x,
                    top + PANEL_H));
            sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, top + PANEL_H + 15,
                    t / 1_000_000_000L));
        }
        double px = x(phaseNanos, runNanos);
        sb.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                px, top, px, top + PANEL_H));
        if (phaseLabels) {
            sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" fill=\"#555555\">bursts of 64 every 16 ms"
                    + "</text>%n", px - 6, top + PANEL_H - 8));
            sb.append(f("<text x=\"%.1f\" y=\"%d\" fill=\"#555555\">then bursts of 8 every 2 ms (both 4000/s);"
                    + " consumer: up to 16 at once, then 1 ms of work</text>%n", px + 6, top + PANEL_H - 8));
        }
    }

    private static void gridY(StringBuilder sb, double y, String label) {
        sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>%n", LEFT, y, LEFT + PLOT_W,
                y));
        sb.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, label));
    }

    private static void legend(StringBuilder sb, int x, int y, String color, String label) {
        sb.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n", x, y - 4,
                x + 24, y - 4, color));
        sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", x + 30, y, label));
    }

    private static void polyline(StringBuilder sb, StringBuilder points, String color, double width) {
        sb.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" points=\"%s\"/>%n", color, width,
                points.toString().trim()));
    }

    private static double x(long nanos, long runNanos) {
        return LEFT + (double) Math.min(nanos, runNanos) / runNanos * PLOT_W;
    }

    /** 1, 2 or 5 times a power of ten, giving four to ten grid lines up to {@code max}. */
    private static int niceStep(int max) {
        for (int p = 1; ; p *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (max / (m * p) <= 8) {
                    return m * p;
                }
            }
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
