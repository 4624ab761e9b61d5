package com.crosswalk;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Crosswalk's own settings (prefix {@code crosswalk}).
 *
 * @param home       folder for the embedded database and the demo emulator's data ({@code CROSSWALK_HOME}, default ~/.crosswalk)
 * @param demo       load the demo company and start the Acumatica emulator in-process
 * @param secretKey  base64 AES key that encrypts ERP credentials at rest; a key file under {@code home} is made when absent
 * @param emulatorPort port of the in-process emulator in demo mode
 * @param embeddedDbPort port of the embedded PostgreSQL (0 = any free port)
 */
@ConfigurationProperties(prefix = "crosswalk")
public record CrosswalkProperties(Path home, boolean demo, String secretKey, int emulatorPort, int embeddedDbPort) {
}
