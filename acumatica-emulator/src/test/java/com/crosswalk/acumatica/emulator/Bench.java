package com.crosswalk.acumatica.emulator;

import com.crosswalk.acumatica.emulator.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput and memory figures for the README (not a unit test). Run:
 * <pre>mvn -q -pl acumatica-emulator test-compile exec:java ... or:
 * java -cp "acumatica-emulator/target/classes:acumatica-emulator/target/test-classes:$(cat /tmp/cp.txt)" com.crosswalk.acumatica.emulator.Bench [seconds] [threads]</pre>
 */
public final class Bench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        for (boolean validate : new boolean[] {false, true}) {
            try (AcumaticaEmulator emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true).withValidateContract(validate))) {
                run(emu, "GET /ChangeOrder/000001", seconds, threads, validate, api -> api.get("ChangeOrder/000001").status() == 200);
                AtomicInteger n = new AtomicInteger();
                run(emu, "PUT /ChangeOrder (insert)", seconds, threads, validate,
                        api -> api.put("ChangeOrder", Api.newCo("BENCH-" + n.incrementAndGet(), 1, "1.00")).status() == 200);
            }
        }
        // heap at 100,000 change orders (in-process store, no HTTP)
        System.gc();
        long base = used();
        Store s = new Store();
        com.crosswalk.acumatica.emulator.store.DemoData.seed(s);
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) Api.M.readTree(Api.newCo("X", 1, "1.00"));
        for (int i = 0; i < 100_000; i++) {
            body.putObject("ExternalRefNbr").put("value", "CW-" + i);
            s.put("ChangeOrder", body, Store.PutMode.INSERT, null, null);
        }
        System.gc();
        Thread.sleep(500);
        System.gc();
        long after = used();
        System.out.printf("heap used by %,d change orders (1 commitment line each): %.1f MB (%,d bytes/CO)%n", s.count("ChangeOrder"),
                (after - base) / 1048576.0, (after - base) / s.count("ChangeOrder"));
        long t0 = System.nanoTime();
        int found = s.list("ChangeOrder", "ExternalRefNbr eq 'CW-99999'", "RefNbr", null, null, null).size();
        System.out.printf("$filter ExternalRefNbr eq over 100k: %d hit in %d ms%n", found, (System.nanoTime() - t0) / 1_000_000);
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    interface Call {
        boolean call(Api api);
    }

    private static void run(AcumaticaEmulator emu, String name, int seconds, int threads, boolean validate, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<int[]>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                Api api = new Api(emu);
                api.login();
                int ok = 0, bad = 0;
                while (System.nanoTime() < end) {
                    if (call.call(api)) ok++;
                    else bad++;
                }
                api.logout();
                return new int[] {ok, bad};
            }));
        }
        int ok = 0, bad = 0;
        for (Future<int[]> f : fs) {
            ok += f.get()[0];
            bad += f.get()[1];
        }
        pool.shutdown();
        System.out.printf("%-28s validateContract=%-5s threads=%d: %,.0f req/s (%d ok, %d failed)%n", name, validate, threads, ok / (double) seconds, ok, bad);
    }
}
