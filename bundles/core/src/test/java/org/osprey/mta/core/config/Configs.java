package org.osprey.mta.core.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes configuration files for the unit tests and loads them with the corpus's drivers and accounts. */
final class Configs {
    private final Path dir;

    Configs(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) {
        try {
            return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Configuration load(String text) throws ConfigException {
        return load(text, Map.of());
    }

    Configuration load(String text, Map<String, String> macros) throws ConfigException {
        return loader().load(write("configure", text), macros);
    }

    ConfigException error(String text) {
        try {
            load(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("the configuration loaded:\n" + text);
    }

    static ConfigLoader loader() {
        return new ConfigLoader(new CorpusDrivers()).accounts(CorpusAccounts.get()).hostName(() -> "host.example");
    }

    /** What {@code -bP ITEMS} prints, for an administrator unless told otherwise. */
    static String print(Configuration c, boolean admin, String... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
        new OptionPrinter(c, stream, stream, false, admin).printOptions(List.of(items));
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
