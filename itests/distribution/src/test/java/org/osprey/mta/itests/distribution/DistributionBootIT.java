package org.osprey.mta.itests.distribution;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;

/**
 * Boots the real distribution archive in Karaf (one boot for the whole class, about 13 s)
 * and checks from inside it that the shipped features are installed and that the engine
 * sees the accept router as an OSGi service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBootIT {

    @Inject
    private FeaturesService features;

    @Inject
    private DriverRegistry registry;

    /** Runs in the test JVM, before Karaf starts. */
    @Configuration
    public Option[] configuration() throws IOException {
        File archive = new File(System.getProperty("osprey.distribution.archive"));
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(archive.toURI().toString())
                    .name("Osprey")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            // A free port instead of 8101, where a running Osprey or another test may listen.
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            // The build's local repository, where the exam feature and bundles were put (it is
            // ~/.m2/repository unless the build says otherwise).
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("osprey.local.repository")),
            configureConsole().ignoreLocalConsole(),
        };
    }

    @Test
    public void bootsTheStandardAppliance() throws Exception {
        for (String name : List.of("osprey-standard", "osprey-kernel", "osprey-core", "osprey-router-accept",
                "osprey-router-manualroute", "osprey-router-dnslookup",
                "osprey-lookup-lsearch", "osprey-acl-dnslists")) {
            Feature feature = features.getFeature(name);
            assertNotNull(name + " is in the feature repository", feature);
            assertTrue(name + " is installed", features.isInstalled(feature));
        }
    }

    @Test
    public void offersTheSmarthostApplianceWithoutInstallingIt() throws Exception {
        Feature smarthost = features.getFeature("osprey-smarthost");
        assertNotNull("osprey-smarthost is in the feature repository", smarthost);
        assertFalse("osprey-smarthost is not installed", features.isInstalled(smarthost));
    }

    @Test
    public void engineSeesTheAcceptRouterBundle() throws InterruptedException {
        // The driver's DS component may come up a moment after the registry's.
        long deadline = System.nanoTime() + 30_000_000_000L;
        Optional<DriverService> accept = acceptRouter();
        while (accept.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            accept = acceptRouter();
        }
        assertTrue("the registry lists a router driver named accept", accept.isPresent());
        assertTrue("it comes from the router-accept bundle: " + accept.get().origin(),
                accept.get().origin().startsWith("bundle org.osprey.mta.router-accept "));
    }

    @Test
    public void engineSeesTheDnslistsConditionBundle() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Optional<DriverService> dnslists = dnslistsCondition();
        while (dnslists.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            dnslists = dnslistsCondition();
        }
        assertTrue("the registry lists an ACL condition named dnslists", dnslists.isPresent());
        assertTrue("it comes from the acl-dnslists bundle: " + dnslists.get().origin(),
                dnslists.get().origin().startsWith("bundle org.osprey.mta.acl-dnslists "));
    }

    private Optional<DriverService> dnslistsCondition() {
        return registry.drivers(DriverKind.CONDITION).stream().filter(d -> d.name().equals("dnslists")).findFirst();
    }

    private Optional<DriverService> acceptRouter() {
        return registry.drivers(DriverKind.ROUTER).stream().filter(d -> d.name().equals("accept")).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
