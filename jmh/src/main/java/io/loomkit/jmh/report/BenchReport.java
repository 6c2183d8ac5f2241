package io.loomkit.jmh.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH JSON results into ratio tables (markdown, on standard output) and SVG bar charts.
 *
 * <p>In every benchmark class, one parameter names the implementation; its values {@code loomkit},
 * {@code ReadMostlyMap} and {@code LongReadMostlyMap} are loomkit's, every other value is a rival. For each benchmark method and each combination of the
 * other parameters, the ratio is how many times faster loomkit is than the rival (above 1: loomkit wins),
 * whatever the mode: {@code rival/loomkit} for time per operation, {@code loomkit/rival} for throughput. The
 * error bar combines both scores' 99.9% confidence half-widths (JMH's scoreError) in quadrature.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.loomkit.jmh.report.BenchReport docs/img results/*.json
 * </pre>
 */
public final class BenchReport {
    private BenchReport() {}

    /** One comparison: loomkit against one rival in one scenario. */
    record Ratio(String benchmark, String scenario, String rival, double ours, double theirs, String unit,
            double ratio, double error) {}

    /**
     * Entry point.
     *
     * @param args the output folder for charts, then JMH JSON result files
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BenchReport <chart folder> <jmh-result.json>...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        for (int a = 1; a < args.length; a++) {
            Path file = Path.of(args[a]);
            List<Ratio> ratios = ratios(Files.readString(file));
            if (ratios.isEmpty()) {
                continue;
            }
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            Files.writeString(out.resolve(name + ".svg"), svg(name, ratios));
            System.out.println(markdown(name, ratios));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Ratio> ratios(String json) {
        List<Object> runs = (List<Object>) MiniJson.parse(json);
        // key: benchmark + scenario (params other than the implementation) -> implementation -> run
        Map<String, Map<String, Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
            String implKey = null;
            for (Map.Entry<String, Object> p : params.entrySet()) {
                if (OURS.contains(p.getValue()) || implKey == null && isImplName(p.getKey())) {
                    implKey = p.getKey();
                }
            }
            if (implKey == null) {
                continue;
            }
            StringBuilder scenario = new StringBuilder();
            for (Map.Entry<String, Object> p : params.entrySet()) {
                if (!p.getKey().equals(implKey)) {
                    scenario.append(scenario.isEmpty() ? "" : ", ").append(p.getKey()).append('=').append(p.getValue());
                }
            }
            Object threads = run.get("threads");
            if (threads instanceof Double t && t > 1) {
                scenario.append(scenario.isEmpty() ? "" : ", ").append("threads=").append(t.intValue());
            }
            String bench = (String) run.get("benchmark");
            bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            groups.computeIfAbsent(bench + "\u0000" + scenario, k -> new LinkedHashMap<>())
                    .put((String) params.get(implKey), run);
        }
        List<Ratio> ratios = new ArrayList<>();
        groups.forEach((key, byImpl) -> {
            String[] parts = key.split("\u0000", -1);
            byImpl.forEach((mine, ours) -> {
                if (!OURS.contains(mine)) {
                    return;
                }
                String bench = mine.equals("loomkit") ? parts[0] : parts[0] + " (" + mine + ")";
                byImpl.forEach((impl, theirs) -> {
                    if (!OURS.contains(impl)) {
                        ratios.add(ratio(bench, parts[1], impl, ours, theirs));
                    }
                });
            });
        });
        return ratios;
    }

    /** Parameter values that name loomkit's own implementations; every other value is a rival. */
    private static final java.util.Set<String> OURS = java.util.Set.of("loomkit", "ReadMostlyMap", "LongReadMostlyMap");

    private static boolean isImplName(String key) {
        return key.equals("impl") || key.equals("pool") || key.equals("map") || key.equals("channel");
    }

    @SuppressWarnings("unchecked")
    private static Ratio ratio(String bench, String scenario, String rival, Map<String, Object> ours,
            Map<String, Object> theirs) {
        Map<String, Object> a = (Map<String, Object>) ours.get("primaryMetric");
        Map<String, Object> b = (Map<String, Object>) theirs.get("primaryMetric");
        double sa = number(a.get("score"));
        double sb = number(b.get("score"));
        double ea = finite(number(a.get("scoreError")));
        double eb = finite(number(b.get("scoreError")));
        boolean throughput = "thrpt".equals(ours.get("mode"));
        double r = throughput ? sa / sb : sb / sa;
        double err = r * Math.sqrt(Math.pow(ea / sa, 2) + Math.pow(eb / sb, 2));
        return new Ratio(bench, scenario, rival, sa, sb, (String) a.get("scoreUnit"), r, err);
    }

    /** JMH writes numbers, and "NaN" as a string when too few iterations give no error. */
    private static double number(Object o) {
        return o instanceof Double d ? d : o instanceof String str ? Double.parseDouble(str) : Double.NaN;
    }

    private static double finite(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    static String markdown(String title, List<Ratio> ratios) {
        StringBuilder sb = new StringBuilder("#### ").append(title).append("\n\n")
                .append("| benchmark | scenario | rival | loomkit | rival | loomkit faster by |\n")
                .append("|---|---|---|---:|---:|---:|\n");
        for (Ratio r : ratios) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3g %s | %.3g %s | %.2fx ± %.2f |%n", r.benchmark(),
                    r.scenario().isEmpty() ? "-" : r.scenario(), r.rival(), r.ours(), r.unit(), r.theirs(), r.unit(),
                    r.ratio(), r.error()));
        }
        return sb.toString();
    }

    static String svg(String title, List<Ratio> ratios) {
        int rowH = 22;
        int labelW = 560;
        int plotW = 440;
        int top = 40;
        int h = top + rowH * ratios.size() + 40;
        // Log scale, so 0.5x and 2x are equally far from 1x and an 18x win does not flatten the rest.
        // The axis spans the ratios (with room), not the whiskers: a one-fork run's huge error bar would
        // otherwise squeeze every bar into a corner. Whiskers are clipped at the axis ends.
        double lo = 0.25;
        double hi = 4;
        for (Ratio r : ratios) {
            hi = Math.max(hi, r.ratio() * 2);
            lo = Math.min(lo, r.ratio() / 2);
        }
        double logLo = Math.floor(Math.log(lo) / Math.log(2));
        double logHi = Math.ceil(Math.log(hi) / Math.log(2));
        double scale = plotW / (logHi - logLo);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                labelW + plotW + 80, h));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s: "
                + "times faster than the rival (log scale; right of 1x = loomkit wins; whiskers: 99.9%% error)</text>%n",
                esc(title)));
        int labelEvery = (int) Math.ceil(44 / scale); // ticks whose labels would overlap go unlabelled
        for (double t = logLo; t <= logHi; t++) {
            double x = labelW + (t - logLo) * scale;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                    x, top - 4, x, h - 30, t == 0 ? "black" : "#dddddd", t == 0 ? " stroke-dasharray=\"4 3\"" : ""));
            if ((long) t % labelEvery == 0) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%sx</text>%n", x,
                        h - 15, fmt(Math.pow(2, t))));
            }
        }
        double x1 = labelW - logLo * scale;
        for (int i = 0; i < ratios.size(); i++) {
            Ratio r = ratios.get(i);
            int y = top + i * rowH;
            String label = r.benchmark() + (r.scenario().isEmpty() ? "" : " [" + r.scenario() + "]") + " vs " + r.rival();
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", labelW - 8,
                    y + 15, esc(label)));
            double x = x1 + Math.log(r.ratio()) / Math.log(2) * scale;
            String color = r.ratio() - r.error() > 1 ? "#2e7d32" : r.ratio() + r.error() < 1 ? "#c62828" : "#9e9e9e";
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    Math.min(x, x1), y + 3, Math.abs(x - x1), rowH - 6, color));
            double eLo = x1 + Math.log(Math.max(Math.pow(2, logLo), r.ratio() - r.error())) / Math.log(2) * scale;
            double eHi = x1 + Math.log(Math.min(Math.pow(2, logHi), r.ratio() + r.error())) / Math.log(2) * scale;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n", eLo, y + rowH / 2, eHi,
                    y + rowH / 2));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2fx</text>%n", Math.max(eHi, x1) + 4,
                    y + 15, r.ratio()));
        }
        return sb.append("</svg>\n").toString();
    }

    private static String fmt(double v) {
        return v >= 1 ? String.valueOf((long) v) : "1/" + Math.round(1 / v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
