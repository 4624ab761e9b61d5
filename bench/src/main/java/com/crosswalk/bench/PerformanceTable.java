package com.crosswalk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * README's Performance table, made from {@code bench/target/results.json}: each figure the median of the runs with
 * its min–max, its target and whether the median meets it. {@code ./crosswalk bench --table} writes
 * {@code bench/target/performance.md} from the results as they are (no run).
 */
final class PerformanceTable {

    record Figure(String label, String key, String unit, int digits, String target, DoublePredicate met) {
    }

    static final List<Figure> FIGURES = List.of(
            new Figure("1. export of 1,000 CCOs, 1 instance: ceiling / elapsed (3-request ceiling)",
                    "export_ceiling_ratio", "", 3, "≥ 0.97", v -> v >= 0.97),
            new Figure("   ERP requests per CCO (emulator's count, incl. sign-ins)", "export_requests_per_cco", "", 3,
                    "3 + sign-ins", v -> v < 3.01),
            new Figure("   failed / duplicates", "export_duplicates", "", 0, "0", v -> v == 0),
            new Figure("   service CPU per exported CCO", "cpu_ms_per_cco", " ms", 1, "", null),
            new Figure("1b. invoices exported as AP bills (`--bills`): ceiling / elapsed (3-request ceiling)",
                    "bill_ceiling_ratio", "", 3, "≥ 0.97", v -> v >= 0.97),
            new Figure("    ERP requests per bill (incl. sign-ins)", "bill_requests_per_bill", "", 3, "3 + sign-ins",
                    v -> v < 3.05),
            new Figure("    bills missing, duplicated or not as shown", "bill_not_as_shown", "", 0, "0", v -> v == 0),
            new Figure("1c. import of a 300-line budget: ERP requests", "budget_import_requests", "", 0, "2",
                    v -> v <= 2),
            new Figure("    its time, click to the job's end", "budget_import_s", " s", 2, "", null),
            new Figure("2. the same, two instances on one PostgreSQL: ceiling / elapsed", "two_instances_ceiling_ratio",
                    "", 3, "≥ 0.97", v -> v >= 0.97),
            new Figure("2b. one CCO on an idle system, Accept → Synced: p50", "single_export_p50_ms", " ms", 0,
                    "< 1,000 ms", v -> v < 1000),
            new Figure("    p99", "single_export_p99_ms", " ms", 0, "< 2,000 ms", v -> v < 2000),
            new Figure("    of it: the scheduler's pick-up (p50)", "single_export_pickup_p50_ms", " ms", 0, "", null),
            new Figure("    of it: the 3 ERP requests at 50 ms latency (p50)", "single_export_erp_p50_ms", " ms", 0, "",
                    null),
            new Figure("3. synced list, first page of 100,000: server p99", "synced_list_server_p99_ms", " ms", 1,
                    "< 20 ms", v -> v < 20),
            new Figure("   HTTP p99 on loopback", "synced_list_p99_ms", " ms", 1, "< 30 ms", v -> v < 30),
            new Figure("   page 900: server p99", "deep_page_server_p99_ms", " ms", 1, "< 20 ms", v -> v < 20),
            new Figure("   HTTP p99", "deep_page_p99_ms", " ms", 1, "< 30 ms", v -> v < 30),
            new Figure("   search matching 10 % of rows: server p99", "search_server_p99_ms", " ms", 1, "< 20 ms",
                    v -> v < 20),
            new Figure("   HTTP p99", "search_p99_ms", " ms", 1, "< 30 ms", v -> v < 30),
            new Figure("   unlink's own overhead (ERP time excluded): p99", "unlink_overhead_p99_ms", " ms", 1,
                    "< 10 ms", v -> v < 10),
            new Figure("4. bulk Accept of 1,000 CCOs in one action: ceiling / elapsed", "bulk_accept_ceiling_ratio", "",
                    3, "≥ 0.97", v -> v >= 0.97),
            new Figure("5. the production jar", "jar_mib", " MiB", 1, "< 64 MiB", v -> v < 64),
            new Figure("   `./crosswalk demo` until UP, fresh CROSSWALK_HOME", "startup_s", " s", 1, "< 5 s", v -> v < 5),
            new Figure("   again on the same home", "startup_again_s", " s", 1, "< 3 s", v -> v < 3),
            new Figure("   RSS of the service after the 100k scenario", "rss_mib", " MiB", 0, "< 256 MiB", v -> v < 256));

    static String markdown(Map<String, Object> results) {
        StringBuilder sb = new StringBuilder("| figure | median (min–max) | target | met |\n|---|--:|---|---|\n");
        for (Figure f : FIGURES) {
            Object v = results.get(f.key());
            if (!(v instanceof Number n)) {
                continue;
            }
            double median = n.doubleValue();
            String value = fmt(median, f.digits()) + f.unit();
            if (results.get(f.key() + "_min") instanceof Number min && results.get(f.key() + "_max") instanceof Number max
                    && min.doubleValue() != max.doubleValue()) {
                value += " (" + fmt(min.doubleValue(), f.digits()) + "–" + fmt(max.doubleValue(), f.digits()) + ")";
            }
            String met = f.met() == null ? "" : f.met().test(median) ? "yes" : "**no**";
            sb.append("| ").append(f.label().strip()).append(" | ").append(value).append(" | ").append(f.target())
                    .append(" | ").append(met).append(" |\n");
        }
        return sb.toString();
    }

    static void write(Path target, Map<String, Object> results) throws IOException {
        Files.writeString(target.resolve("performance.md"), markdown(results));
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%,." + digits + "f", v);
    }

    private PerformanceTable() {
    }
}
