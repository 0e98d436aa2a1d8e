package org.osprey.mta.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osprey.mta.core.expand.CompiledExpansion;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.lookup.lsearch.LsearchDriver;

/**
 * Expansions per second for a few option strings as a typical configuration has them: an
 * alias lookup (the system_aliases router's data), an {@code ${if}} on a header (a filter
 * or an ACL), and an {@code ${sg}} rewriting a local part. Strings are compiled once, as
 * the engine does for configured options; the lookup cache is cleared for each expansion,
 * as each new message starts with an empty one, so the lookup benchmark measures a real find.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExpansionBenchmark {
    private static final int ALIASES = 2_000;

    private Path directory;
    private SearchLayer lookups;
    private CompiledExpansion aliasLookup;
    private CompiledExpansion headerCondition;
    private CompiledExpansion substitution;
    private ExpansionContext context;

    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("osprey-bench");
        Path aliases = directory.resolve("aliases");
        StringBuilder text = new StringBuilder("# aliases\n");
        for (int i = 0; i < ALIASES; i++) {
            text.append("user").append(i).append(": person").append(i).append("@example.com\n");
        }
        Files.writeString(aliases, text);

        DriverRegistry registry = new DriverRegistry();
        registry.add(new DriverService(DriverKind.LOOKUP, "lsearch", new LsearchDriver(), 0, 1, "benchmark"));
        lookups = new SearchLayer(registry);
        Lookups layer = lookups;
        ExpansionEngine engine = new ExpansionEngine(new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return Settings.of(Map.of("primary_hostname", "mail.example.com"));
            }

            @Override
            public Lookups lookups() {
                return layer;
            }
        });
        aliasLookup = engine.compile("${lookup{$local_part}lsearch{" + aliases + "}}");
        headerCondition = engine.compile("${if match{$h_subject:}{\\N^\\[(spam|SPAM)\\]\\N}{spam}{ham}}");
        substitution = engine.compile("${sg{$local_part}{\\N[^a-z0-9]+\\N}{_}}");
        context = ExpansionContext.empty()
                .with(Map.of("local_part", "user" + ALIASES / 2, "domain", "example.com"))
                .withHeaders(List.of(new Header("Subject", " Re: the quarterly figures, once more"),
                        new Header("From", " Someone <someone@example.org>")));
    }

    @TearDown
    public void tearDown() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    @Benchmark
    public String aliasLookup() throws ExpansionException {
        lookups.clearCache();
        return aliasLookup.expand(context);
    }

    @Benchmark
    public String headerCondition() throws ExpansionException {
        return headerCondition.expand(context);
    }

    @Benchmark
    public String substitution() throws ExpansionException {
        return substitution.expand(context);
    }
}
