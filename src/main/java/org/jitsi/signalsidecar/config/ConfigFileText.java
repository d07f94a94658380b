package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The YAML configuration file's text: the file {@code --config} names must be there; the default
 * one may be missing, but one that exists and cannot be read is a mistake, not an absence.
 *
 * <p>Read here rather than by Helidon's file source, which before the agent can answer would also
 * find the file's media type by scanning every jar's metadata and start the JDK's security
 * providers to digest the file for change detection, which the sidecar does not use: about 25 ms
 * of every start. Bytes that are not UTF-8 become U+FFFD, as they did there.
 */
final class ConfigFileText {
    private ConfigFileText() {
    }

    /**
     * @param configFile the file named by the operator, if any
     * @param yaml       the file to read: the named one, else the default one
     * @return its text, or empty when it is the default file and does not exist
     * @throws ConfigException naming the file, when it cannot be read
     */
    static Optional<String> read(Optional<Path> configFile, Path yaml) {
        if (configFile.isPresent() && !Files.isReadable(yaml)) {
            throw new ConfigException("invalid --config='" + yaml + "': no readable file there");
        }
        if (configFile.isEmpty() && Files.exists(yaml) && !(Files.isRegularFile(yaml) && Files.isReadable(yaml))) {
            throw new ConfigException("invalid config file '" + yaml + "': it exists but is not a readable file");
        }
        try {
            return Optional.of(new String(Files.readAllBytes(yaml), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // only the default file can be missing here: a named one was checked
        } catch (FileSystemException e) { // its message repeats the path; the reason is what is news
            throw new ConfigException("invalid config file '" + yaml + "': "
                    + (e.getReason() != null ? e.getReason() : "it cannot be read"));
        } catch (IOException e) {
            throw new ConfigException("invalid config file '" + yaml + "': " + e.getMessage());
        }
    }
}
