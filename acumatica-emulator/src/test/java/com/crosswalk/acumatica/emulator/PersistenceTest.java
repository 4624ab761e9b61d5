package com.crosswalk.acumatica.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    @TempDir
    Path dir;

    @Test
    void stateSurvivesARestart() throws Exception {
        Path file = dir.resolve("state.json");
        String ref, id;
        EmulatorConfig cfg = EmulatorConfig.defaults().withPort(0).withDemo(true).withDataFile(file);
        try (AcumaticaEmulator emu = AcumaticaEmulator.start(cfg)) {
            Api api = new Api(emu);
            api.login();
            Api.Res r = api.put("ChangeOrder", Api.newCo("CW-PERSIST", 2, "42.50"), "If-None-Match", "*");
            ref = r.json().at("/RefNbr/value").asText();
            id = r.json().get("id").asText();
            emu.store().removeHold(ref);
            emu.store().release(ref);
            assertThat(emu.contractViolations()).isEmpty();
        }
        assertThat(Files.exists(file)).isTrue();
        assertThat(ref).isEqualTo("000004"); // the demo has 000001–000003
        try (AcumaticaEmulator emu = AcumaticaEmulator.start(cfg)) {
            Api api = new Api(emu);
            api.login();
            assertThat(api.get("ChangeOrder/" + id).json().at("/Status/value").asText()).isEqualTo("Closed");
            assertThat(emu.store().subcontractLine("SC0001", 2)).isEqualByComparingTo("120042.50");
            assertThat(api.put("ChangeOrder", Api.newCo("CW-PERSIST-2", 1, "1"), "If-None-Match", "*").json().at("/RefNbr/value").asText())
                    .isEqualTo("000005");
            assertThat(emu.store().changeOrders()).hasSize(5);
            assertThat(emu.contractViolations()).isEmpty();
        }
        try (AcumaticaEmulator emu = AcumaticaEmulator.start(EmulatorConfig.defaults().withPort(0).withDemo(true))) {
            assertThat(emu.store().changeOrders()).hasSize(3); // in memory only: fresh demo
        }
    }

    /**
     * A service start that failed (its home in use by another service) leaves the other emulator's file untouched;
     * a normal close writes it (the control: this test can fail).
     */
    @Test
    void closedWithoutSavingLeavesTheDataFileUntouched() throws Exception {
        Path file = dir.resolve("state.json");
        EmulatorConfig cfg = EmulatorConfig.defaults().withPort(0).withDemo(true).withDataFile(file);
        AcumaticaEmulator.start(cfg).close();
        var written = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        AcumaticaEmulator.start(cfg).close();
        assertThat(Files.getLastModifiedTime(file)).as("a normal close writes the file").isNotEqualTo(written);

        written = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        AcumaticaEmulator.start(cfg).closeWithoutSaving();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
    }
}
