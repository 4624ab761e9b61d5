package com.crosswalk.shared;

import com.crosswalk.CrosswalkProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The key for {@link SecretBox}: {@code crosswalk.secret-key} (base64) when set — what production and several
 * instances use — else a key file {@code secret.key} under {@code crosswalk.home}, made on first start (mode 600).
 */
@Configuration(proxyBeanMethods = false)
class SecretBoxConfiguration {

    @Bean
    SecretBox secretBox(CrosswalkProperties properties) throws IOException {
        if (StringUtils.hasText(properties.secretKey())) {
            return new SecretBox(Base64.getDecoder().decode(properties.secretKey().trim()));
        }
        Path keyFile = properties.home().resolve("secret.key");
        if (!Files.exists(keyFile)) {
            Files.createDirectories(keyFile.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        return new SecretBox(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
    }
}
