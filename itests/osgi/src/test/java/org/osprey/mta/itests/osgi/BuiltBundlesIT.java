package org.osprey.mta.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule on the jars the build made under {@code bundles/}. Every module there
 * with sources must have produced a jar, so that no new bundle escapes the check.
 */
class BuiltBundlesIT {

    @Test
    void driverBundlesDependOnTheKernelAlone() throws IOException {
        List<BundleContent> bundles = builtBundles();
        BundleContent kernel = bundles.stream().filter(b -> b.symbolicName().equals(DriverBundleRule.KERNEL))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + DriverBundleRule.KERNEL + " among "
                        + bundles.stream().map(BundleContent::source).toList()));
        DriverBundleRule rule = new DriverBundleRule(kernel);

        List<String> drivers = bundles.stream().filter(DriverBundleRule::isDriver).map(BundleContent::symbolicName)
                .toList();
        assertTrue(drivers.contains("org.osprey.mta.router-accept"), "the accept router is a driver bundle: " + drivers);
        List<String> violations = bundles.stream().flatMap(b -> rule.violations(b).stream()).toList();
        assertTrue(violations.isEmpty(), () -> "the one rule of dependencies is broken:\n" + String.join("\n", violations));
    }

    /** The jars of every module under bundles/ that has sources; a module without one fails the test. */
    private static List<BundleContent> builtBundles() throws IOException {
        String root = System.getProperty("osprey.root");
        if (root == null) {
            fail("osprey.root is not set: run through Maven (mvn verify), which sets it to the repository root");
        }
        List<BundleContent> bundles = new ArrayList<>();
        List<Path> unbuilt = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(root).normalize().resolve("bundles"))) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src"))).sorted().toList()) {
                List<Path> jars = jars(module.resolve("target"));
                if (jars.isEmpty()) {
                    unbuilt.add(module);
                }
                for (Path jar : jars) {
                    bundles.add(BundleContent.read(jar));
                }
            }
        }
        assertTrue(unbuilt.isEmpty(), () -> "bundle modules with no jar in target/ (build them first): " + unbuilt);
        return bundles;
    }

    private static List<Path> jars(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".jar") && !name.startsWith("original-")
                        && !name.matches(".*-(sources|javadoc|tests|test-sources)\\.jar");
            }).sorted().toList();
        }
    }
}
