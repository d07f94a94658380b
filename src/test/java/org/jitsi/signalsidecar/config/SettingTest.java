package org.jitsi.signalsidecar.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Setting} is where defaults are written down; the shipped {@code etc/config.yaml} shows
 * every key with that same default and the environment variable that overrides it, and the
 * records' named defaults are what the loader makes of an empty configuration.
 */
class SettingTest {
    private static final Path SHIPPED = Path.of("etc/config.yaml");

    @Test
    void theShippedFileListsEveryKeyWithItsDefault() {
        Config shipped = Config.just(ConfigSources.file(SHIPPED));
        for (Setting setting : Setting.values()) {
            Config node = shipped.get(setting.path());
            assertThat(node.exists()).as("%s is in %s", setting.path(), SHIPPED).isTrue();
            assertThat(node.asString().orElse("")).as("the default of %s", setting.path()).isEqualTo(setting.defaultValue());
        }
    }

    @Test
    void theShippedFileNamesEachKeysLegacyVariableBesideIt() throws IOException {
        Map<String, String> comments = leafComments(Files.readAllLines(SHIPPED));
        for (Setting setting : Setting.values()) {
            assertThat(comments.get(setting.path())).as("the comment beside %s", setting.path())
                    .startsWith(setting.legacyName());
        }
    }

    @Test
    void theRecordsNamedDefaultsAreWhatNothingConfiguredGives() {
        SidecarConfig loaded = ConfigLoader.load(Optional.empty(), Map.of(), Path.of("/nonexistent/config.yaml"), 4096)
                .config();
        assertThat(ListenerLimits.DEFAULTS).isEqualTo(loaded.limits());
        assertThat(OperatorSettings.DEFAULTS).isEqualTo(loaded.operator());
        assertThat(DumpScripts.none()).isEqualTo(loaded.dumps());
        assertThat(ShutdownSettings.immediate()).isEqualTo(loaded.shutdown());
        assertThat(ConsulSettings.disabled()).isEqualTo(loaded.consul());
        assertThat(ControlSettings.off()).isEqualTo(loaded.control());
    }

    /** Each key that holds a value (a.b.c for nested sections, two spaces a level), with the comment on its line. */
    private static Map<String, String> leafComments(List<String> lines) {
        Pattern key = Pattern.compile("( *)([a-z0-9-]+):(.*)");
        List<String> sections = new ArrayList<>();
        Map<String, String> comments = new HashMap<>();
        for (String line : lines) {
            Matcher m = key.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int depth = m.group(1).length() / 2;
            sections.subList(Math.min(depth, sections.size()), sections.size()).clear();
            String rest = m.group(3).strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                sections.add(m.group(2));
            } else {
                String path = String.join(".", sections) + (sections.isEmpty() ? "" : ".") + m.group(2);
                int hash = rest.indexOf(" #");
                comments.put(path, hash < 0 ? "" : rest.substring(hash + 2).strip());
            }
        }
        return comments;
    }
}
