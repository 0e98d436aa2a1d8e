package org.osprey.mta.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.itests.osgi.BundleContent.Component;

/** The rule on synthetic bundles, so that it is known to fail when a bundle breaks it. */
class DriverBundleRuleTest {
    private static final String ROUTER_DRIVER = "org.osprey.mta.kernel.router.RouterDriver";
    private static final String SERVICE_CAPABILITY =
            "osgi.service;objectClass:List<String>=\"" + ROUTER_DRIVER + "\";uses:=\"org.osprey.mta.kernel.router\"";

    private final DriverBundleRule rule = new DriverBundleRule(bundle(Map.of(
            "Bundle-SymbolicName", "org.osprey.mta.kernel",
            "Export-Package", "org.osprey.mta.kernel.driver;version=\"1.0.0\";uses:=\"org.osprey.mta.kernel.option\","
                    + "org.osprey.mta.kernel.option;version=\"1.0.0\",org.osprey.mta.kernel.router;version=\"1.0.0\"")));

    @Test
    void aDriverImportingOnlyKernelPackagesKeepsTheRule() {
        BundleContent driver = driver("Import-Package", "java.lang,org.osprey.mta.kernel.driver;version=\"[1.0,2)\","
                + "org.osprey.mta.kernel.router;version=\"[1.0,2)\",org.xbill.DNS;version=\"[3.6,4)\"");
        assertTrue(DriverBundleRule.isDriver(driver));
        assertEquals(List.of(), rule.violations(driver));
    }

    @Test
    void aDriverImportingTheEngineIsReported() {
        BundleContent driver = driver("Import-Package", "org.osprey.mta.kernel.router;version=\"[1.0,2)\","
                + "org.osprey.mta.core.registry;version=\"[0.1,1)\"");
        List<String> violations = rule.violations(driver);
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("imports org.osprey.mta.core.registry"), violations::toString);
    }

    @Test
    void aPackageTheKernelDoesNotExportIsReported() {
        List<String> violations = rule.violations(driver("Import-Package", "org.osprey.mta.kernel.internal"));
        assertEquals(1, violations.size(), violations::toString);
    }

    @Test
    void aDriverMayImportWhatItExportsItself() {
        BundleContent driver = driver("Export-Package", "org.osprey.mta.router.fancy.api;version=\"1.0.0\"",
                "Import-Package", "org.osprey.mta.router.fancy.api;version=\"[1.0,2)\"");
        assertEquals(List.of(), rule.violations(driver));
    }

    @Test
    void dynamicImportsAndRequiredBundlesBeyondTheKernelAreReported() {
        assertEquals(1, rule.violations(driver("DynamicImport-Package", "*")).size());
        assertEquals(1, rule.violations(driver("DynamicImport-Package", "org.osprey.*")).size());
        assertEquals(1, rule.violations(driver("DynamicImport-Package", "org.osprey.mta.core.registry")).size());
        assertEquals(List.of(), rule.violations(driver("DynamicImport-Package", "org.osprey.mta.kernel.*,com.example.*")));
        assertEquals(1, rule.violations(driver("Require-Bundle", "org.osprey.mta.core;bundle-version=\"[0.1,1)\"")).size());
        assertEquals(List.of(), rule.violations(driver("Require-Bundle", "org.osprey.mta.kernel")));
    }

    @Test
    void onlyDriverBundlesAreHeldToIt() {
        // The engine requires driver services (its Require-Capability names them) and provides none.
        BundleContent engine = bundle(Map.of("Bundle-SymbolicName", "org.osprey.mta.core",
                "Import-Package", "org.osprey.mta.core.registry;version=\"[0.1,1)\"",
                "Require-Capability", "osgi.service;filter:=\"(objectClass=" + ROUTER_DRIVER + ")\";resolution:=optional",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"org.osprey.mta.core.registry.DriverRegistry\""));
        assertFalse(DriverBundleRule.isDriver(engine));
        assertEquals(List.of(), rule.violations(engine));
    }

    @Test
    void aDriverIsKnownByItsComponentsWithoutACapability() {
        BundleContent driver = new BundleContent("synthetic", attributes(Map.of("Bundle-SymbolicName", "x.router",
                "Import-Package", "org.osprey.mta.core.registry")),
                List.of(new Component("x.XRouterDriver", Set.of(ROUTER_DRIVER))),
                Map.of(ROUTER_DRIVER, Set.of("x.XRouterDriver")));
        assertTrue(DriverBundleRule.isDriver(driver));
        assertEquals(1, rule.violations(driver).size());
    }

    @Test
    void aDriverComponentMissingFromItsServicesFileIsReported() {
        BundleContent driver = new BundleContent("synthetic", attributes(Map.of("Bundle-SymbolicName", "x.router")),
                List.of(new Component("x.XRouterDriver", Set.of(ROUTER_DRIVER)),
                        new Component("x.YRouterDriver", Set.of(ROUTER_DRIVER))),
                Map.of(ROUTER_DRIVER, Set.of("x.XRouterDriver")));
        List<String> violations = rule.violations(driver);
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("x.YRouterDriver"), violations::toString);
    }

    @Test
    void aJarIsReadWithItsComponentsAndServicesFiles(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("x.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "x.router;singleton:=true");
        manifest.getMainAttributes().putValue("Service-Component", "OSGI-INF/*.xml");
        manifest.getMainAttributes().putValue("Import-Package", "org.osprey.mta.core.registry");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            write(out, "OSGI-INF/x.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="x">
                      <service><provide interface="%s"/></service>
                      <implementation class="x.XRouterDriver"/>
                    </scr:component>
                    """.formatted(ROUTER_DRIVER));
            write(out, "META-INF/services/" + ROUTER_DRIVER, "# the launcher's list\nx.XRouterDriver  # accept\n");
        }
        BundleContent bundle = BundleContent.read(jar);
        assertEquals("x.router", bundle.symbolicName());
        assertEquals(List.of(new Component("x.XRouterDriver", Set.of(ROUTER_DRIVER))), bundle.components());
        assertEquals(Map.of(ROUTER_DRIVER, Set.of("x.XRouterDriver")), bundle.serviceFiles());
        assertEquals(1, rule.violations(bundle).size());
    }

    /** A router driver bundle with these headers (name, value, name, value ...) besides its name and capability. */
    private static BundleContent driver(String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Bundle-SymbolicName", "x.router");
        all.put("Provide-Capability", SERVICE_CAPABILITY);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return bundle(all);
    }

    private static BundleContent bundle(Map<String, String> headers) {
        return new BundleContent("synthetic", attributes(headers), List.of(), Map.of());
    }

    private static Attributes attributes(Map<String, String> headers) {
        Attributes attributes = new Attributes();
        headers.forEach(attributes::putValue);
        return attributes;
    }

    private static void write(JarOutputStream jar, String name, String text) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(text.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }
}
