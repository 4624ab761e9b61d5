package com.crosswalk.shared;

import com.crosswalk.CrosswalkProperties;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The key for {@link SecretBox}: {@code crosswalk.secret-key} (base64) when set — what production and several
 * instances use — else a key file {@code secret.key} under {@code crosswalk.home}, made on first start. The file is
 * never readable by others, not even for a moment (it is written to a temporary file created with mode 600), and two
 * processes starting at once on a fresh home end with the same key: the file appears complete in one step (a hard
 * link, which fails if it exists), and the process that loses the race reads the winner's key.
 */
@Configuration(proxyBeanMethods = false)
class SecretBoxConfiguration {

    @Bean
    SecretBox secretBox(CrosswalkProperties properties) throws IOException {
        if (StringUtils.hasText(properties.secretKey())) {
            return new SecretBox(Base64.getDecoder().decode(properties.secretKey().trim()));
        }
        return new SecretBox(keyFile(properties.home().resolve("secret.key")));
    }

    /** The key in {@code keyFile}, made there first if there is none. */
    static byte[] keyFile(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            Files.createDirectories(keyFile.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] ownerOnly = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(keyFile.getParent(), ".secret.key", ".tmp", ownerOnly);
            try {
                Files.writeString(temporary, Base64.getEncoder().encodeToString(key));
                try {
                    Files.createLink(keyFile, temporary); // atomic, and refuses to replace another process's key
                } catch (FileAlreadyExistsException e) {
                    // another process made it first: use theirs
                } catch (UnsupportedOperationException e) { // no hard links here: move without replacing
                    try {
                        Files.move(temporary, keyFile);
                    } catch (FileAlreadyExistsException taken) {
                        // another process made it first
                    }
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
        return Base64.getDecoder().decode(Files.readString(keyFile).trim());
    }
}
