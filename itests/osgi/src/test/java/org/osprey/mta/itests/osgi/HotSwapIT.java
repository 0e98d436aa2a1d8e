package org.osprey.mta.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.osprey.mta.core.registry.DriverEvent.Type.INSTANCE_AVAILABLE;
import static org.osprey.mta.core.registry.DriverEvent.Type.INSTANCE_UNAVAILABLE;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;
import org.osprey.mta.core.registry.Binding;
import org.osprey.mta.core.registry.ConfiguredRouter;
import org.osprey.mta.core.registry.DriverEvent;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.InstanceDefinition;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * Hot swap of a driver with real bundle lifecycle operations, in Felix with SCR and the
 * bundles the build made: a router instance follows its driver's bundle as it stops,
 * starts and is updated to a new version, defers while the driver is gone, and every
 * change is reported to listeners and logged.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class) // a fresh framework for each test, whatever the last one did to the bundles
public class HotSwapIT {
    private static final String ACCEPT_BUNDLE = "org.osprey.mta.router-accept";
    private static final String REGISTRY_LOGGER = "org.osprey.mta.core.registry";
    private static final long WAIT_MILLIS = 10_000;
    private static final Address ADDRESS = Address.of("user", "example.com");
    private static final Version UPDATED = new Version(0, 1, 1);

    @Inject
    private BundleContext context;

    @Inject
    private DriverRegistry registry;

    private final List<DriverEvent> events = new CopyOnWriteArrayList<>();
    private final Consumer<DriverEvent> listener = events::add;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    // The registry's System.Logger goes to java.util.logging here; held in a field, as that keeps loggers weakly.
    private Logger registryLog;

    @Configuration
    public Option[] configuration() {
        return options(
                junitBundles(),
                // Pax Exam's pax-logging-api would take java.util.logging over and set its root level to
                // pax-logging's (WARN, see the pom). Left alone, it is where the registry's System.Logger
                // writes, with the JDK's defaults.
                frameworkProperty("org.ops4j.pax.logging.skipJUL").value("true"),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                // The engine builds bounces with mime4j (which needs commons-io), as the osprey-core feature ships.
                mavenBundle("commons-io", "commons-io").versionAsInProject(),
                mavenBundle("org.apache.james", "apache-mime4j-core").versionAsInProject(),
                mavenBundle("org.apache.james", "apache-mime4j-dom").versionAsInProject(),
                // the routers' DNS with dnsjava (its SLF4J import is met by Pax Exam's pax-logging-api),
                mavenBundle("dnsjava", "dnsjava").versionAsInProject(),
                // and TLS with Bouncy Castle.
                mavenBundle("org.bouncycastle", "bcprov-jdk18on").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bcutil-jdk18on").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bcpkix-jdk18on").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bctls-jdk18on").versionAsInProject(),
                builtBundle("kernel"),
                builtBundle("core"),
                builtBundle("router-accept"));
    }

    /** A bundle the reactor built, by its file: verify does not install it where mvn: URLs would look. */
    private static Option builtBundle(String module) {
        String property = "osprey.bundle." + module;
        String path = System.getProperty(property, "");
        if (path.isEmpty()) {
            throw new IllegalStateException(property + " is not set: run through Maven (mvn verify), which sets it"
                    + " to the jar of bundles/" + module);
        }
        return bundle(new File(path).toURI().toString());
    }

    @Before
    public void listen() {
        registryLog = Logger.getLogger(REGISTRY_LOGGER);
        registryLog.addHandler(handler);
        registry.addListener(listener);
    }

    @After
    public void stopListening() {
        registry.removeListener(listener);
        registryLog.removeHandler(handler);
    }

    @Test
    public void aStoppedDriverDefersItsInstancesUntilItStartsAgain() throws Exception {
        configureAvailableR1();
        Bundle accept = installed(ACCEPT_BUNDLE);

        accept.stop();
        waitFor("r1 unavailable", () -> !r1().binding().isAvailable());
        RouterResult result = r1().route(ADDRESS, new Context("r1"));
        assertTrue("deferred, not failed: " + result, result instanceof RouterResult.Defer);
        String message = ((RouterResult.Defer) result).message();
        assertTrue(message, message.startsWith("router r1: ") && message.contains("driver \"accept\" is not present"));

        accept.start();
        waitFor("r1 available again", () -> r1().binding().isAvailable());
        assertAccepts();

        waitFor("two events for r1", () -> instanceEvents("r1").size() == 2);
        assertEquals(List.of(INSTANCE_UNAVAILABLE, INSTANCE_AVAILABLE), instanceEvents("r1"));
        assertEveryEventLogged();
        List<String> r1Lines = logged.stream().map(r -> r.getLevel() + " " + r.getMessage())
                .filter(line -> line.contains(" router r1: ")).toList();
        assertEquals(r1Lines.toString(), 2, r1Lines.size());
        assertTrue(r1Lines.get(0), r1Lines.get(0).startsWith(
                Level.WARNING + " router r1: unavailable, driver \"accept\" is not present; work for it is deferred"));
        assertTrue(r1Lines.get(1), r1Lines.get(1).startsWith(
                Level.INFO + " router r1: available, bound to router driver \"accept\" (bundle " + ACCEPT_BUNDLE + " "));
    }

    @Test
    public void anUpdatedDriverBundleServesTheNextRouting() throws Exception {
        configureAvailableR1();
        Bundle accept = installed(ACCEPT_BUNDLE);
        ClassLoader oldLoader = accept.adapt(BundleWiring.class).getClassLoader();
        assertSame(oldLoader, r1().binding().instance().orElseThrow().getClass().getClassLoader());

        accept.update(new ByteArrayInputStream(withBundleVersion(new URL(accept.getLocation()), UPDATED)));
        waitFor("r1 bound to version " + UPDATED, () -> r1().binding().driver()
                .map(d -> d.origin().contains(" " + UPDATED + " ")).orElse(false));

        assertEquals(UPDATED, accept.getVersion());
        ClassLoader newLoader = accept.adapt(BundleWiring.class).getClassLoader();
        assertNotSame("the update made a new revision", oldLoader, newLoader);
        Binding<Router> binding = r1().binding();
        assertSame("the driver comes from the new revision", newLoader,
                binding.driver().orElseThrow().driver().getClass().getClassLoader());
        Router router = binding.instance().orElseThrow();
        assertSame("the router comes from the new revision", newLoader, router.getClass().getClassLoader());
        assertEquals(UPDATED, FrameworkUtil.getBundle(router.getClass()).getVersion());
        assertAccepts();

        waitFor("two events for r1", () -> instanceEvents("r1").size() == 2);
        assertEquals(List.of(INSTANCE_UNAVAILABLE, INSTANCE_AVAILABLE), instanceEvents("r1"));
        assertTrue(events.toString(), events.stream().filter(e -> e.type() == INSTANCE_AVAILABLE)
                .allMatch(e -> e.detail().contains(ACCEPT_BUNDLE + " " + UPDATED + " ")));
        assertEveryEventLogged();
    }

    @Test
    public void anOptionTheDriverDoesNotHaveMakesTheInstanceUnavailable() throws Exception {
        registry.configure(List.of(
                new InstanceDefinition(DriverKind.ROUTER, "r1", "accept",
                        List.of(new OptionSetting("bogus", "1", "line 3 of test"))),
                new InstanceDefinition(DriverKind.ROUTER, "r2", "accept", List.of())));
        // r2 shows the driver is present, so what keeps r1 unavailable is its option.
        waitFor("r2 available", () -> registry.router("r2").orElseThrow().binding().isAvailable());

        Binding<Router> r1 = r1().binding();
        assertFalse(r1.isAvailable());
        String reason = r1.unavailableReason();
        assertTrue(reason, reason.contains("option \"bogus\" unknown") && reason.contains("line 3 of test"));
        RouterResult result = r1().route(ADDRESS, new Context("r1"));
        assertTrue("deferred, not failed: " + result, result instanceof RouterResult.Defer
                && ((RouterResult.Defer) result).message().contains("option \"bogus\" unknown"));
    }

    /** Configures the router r1 on the accept driver, waits for it to be available, and forgets what that reported. */
    private void configureAvailableR1() throws InterruptedException {
        registry.configure(List.of(new InstanceDefinition(DriverKind.ROUTER, "r1", "accept", List.of())));
        waitFor("r1 available", () -> r1().binding().isAvailable());
        assertAccepts();
        events.clear();
        logged.clear();
    }

    /** The router as delivery would take it now. */
    private ConfiguredRouter r1() {
        return registry.router("r1").orElseThrow();
    }

    private void assertAccepts() {
        RouterResult result = r1().route(ADDRESS, new Context("r1"));
        assertTrue("accepted: " + result, result instanceof RouterResult.Accept);
    }

    private List<DriverEvent.Type> instanceEvents(String instance) {
        return events.stream().filter(e -> instance.equals(e.instanceName())).map(DriverEvent::type).toList();
    }

    /** Each event the listener saw was logged, in the same order, with its words. */
    private void assertEveryEventLogged() throws InterruptedException {
        waitFor("a log line for each event", () -> logged.size() >= events.size());
        assertEquals(events.stream().map(DriverEvent::detail).toList(),
                logged.stream().map(LogRecord::getMessage).toList());
    }

    private Bundle installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** The jar at {@code jar} with its Bundle-Version replaced, all else kept. */
    private static byte[] withBundleVersion(URL jar, Version version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = jar.openStream(); JarInputStream source = new JarInputStream(in)) {
            Manifest manifest = new Manifest(source.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version.toString());
            try (JarOutputStream copy = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = source.getNextJarEntry(); entry != null; entry = source.getNextJarEntry()) {
                    JarEntry copied = new JarEntry(entry.getName());
                    copied.setTime(entry.getTime());
                    copy.putNextEntry(copied);
                    source.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("not within " + WAIT_MILLIS / 1000 + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** What the accept router may ask of the engine: nothing, so expansion and list matching are refused. */
    private record Context(String routerName) implements RoutingContext {
        @Override
        public Expander expander() {
            throw new UnsupportedOperationException("no expansion in this test");
        }

        @Override
        public ListMatcher lists() {
            throw new UnsupportedOperationException("no list matching in this test");
        }

        @Override
        public Purpose purpose() {
            return Purpose.DELIVERY;
        }

        @Override
        public HostFinder hosts() {
            throw new UnsupportedOperationException("no host finding in this test");
        }

        @Override
        public RouterResult selfReference(Address address, List<Host> hosts, String reason) {
            throw new UnsupportedOperationException("no self reference in this test");
        }

        @Override
        public RouterResult changeDomain(Address address, String domain, boolean rewriteHeaders) {
            throw new UnsupportedOperationException("no domain change in this test");
        }
    }
}
