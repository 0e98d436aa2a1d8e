package org.osprey.mta.itests.osgi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.osprey.mta.itests.osgi.BundleContent.Component;
import org.osprey.mta.itests.osgi.ManifestHeader.Clause;

/**
 * The one rule of dependencies (DESIGN.md), as a built bundle shows it: a driver bundle
 * wires to no Osprey package but those the kernel exports. A driver bundle is known by
 * what it provides, not by its name: a service of one of the kernel's driver interfaces,
 * in its Provide-Capability header or in a DS component description. Each driver component
 * must also be listed in {@code META-INF/services}, where the command-line launcher finds it.
 */
final class DriverBundleRule {
    static final String KERNEL = "org.osprey.mta.kernel";
    static final Set<String> DRIVER_INTERFACES = Set.of(
            "org.osprey.mta.kernel.router.RouterDriver",
            "org.osprey.mta.kernel.transport.TransportDriver",
            "org.osprey.mta.kernel.auth.AuthenticatorDriver",
            "org.osprey.mta.kernel.lookup.LookupDriver",
            "org.osprey.mta.kernel.acl.ConditionDriver");
    private static final String OSPREY = "org.osprey.mta";

    private final Set<String> kernelExports;

    /** A rule against the exports of {@code kernel}, the bundle {@value #KERNEL}. */
    DriverBundleRule(BundleContent kernel) {
        if (!kernel.symbolicName().equals(KERNEL)) {
            throw new IllegalArgumentException(kernel.source() + " is not the kernel bundle " + KERNEL);
        }
        kernelExports = kernel.header("Export-Package").stream().map(Clause::name).collect(Collectors.toSet());
    }

    /** The kernel driver interfaces {@code bundle} provides services of. */
    static Set<String> driverInterfaces(BundleContent bundle) {
        Set<String> provided = new TreeSet<>();
        for (Clause capability : bundle.header("Provide-Capability")) {
            String objectClass = capability.attributes().get("objectClass");
            if (capability.name().equals("osgi.service") && objectClass != null) {
                for (String name : objectClass.split(",")) {
                    provided.add(name.trim());
                }
            }
        }
        bundle.components().forEach(c -> provided.addAll(c.provides()));
        provided.retainAll(DRIVER_INTERFACES);
        return provided;
    }

    static boolean isDriver(BundleContent bundle) {
        return !driverInterfaces(bundle).isEmpty();
    }

    /** How {@code bundle} breaks the rule, one sentence each; none for a bundle that keeps it or is no driver. */
    List<String> violations(BundleContent bundle) {
        if (!isDriver(bundle)) {
            return List.of();
        }
        String who = bundle.symbolicName() + " (" + bundle.source() + ")";
        // bnd also imports what a bundle exports (substitutable exports): its own packages, no engine's.
        Set<String> allowed = new HashSet<>(kernelExports);
        bundle.header("Export-Package").forEach(c -> allowed.add(c.name()));

        List<String> violations = new ArrayList<>();
        for (Clause imported : bundle.header("Import-Package")) {
            if (isOsprey(imported.name()) && !allowed.contains(imported.name())) {
                violations.add(who + " imports " + imported.name() + ", which the kernel does not export");
            }
        }
        // The same rule for the two other ways of wiring to a package.
        for (Clause imported : bundle.header("DynamicImport-Package")) {
            String pattern = imported.name();
            if (pattern.endsWith("*") ? reachesBeyondKernel(pattern) : isOsprey(pattern) && !allowed.contains(pattern)) {
                violations.add(who + " imports dynamically " + pattern + ", which reaches beyond the kernel");
            }
        }
        for (Clause required : bundle.header("Require-Bundle")) {
            if (isOsprey(required.name()) && !required.name().equals(KERNEL)) {
                violations.add(who + " requires the bundle " + required.name() + "; a driver depends on the kernel only");
            }
        }
        for (Component component : bundle.components()) {
            for (String driverInterface : component.provides()) {
                if (DRIVER_INTERFACES.contains(driverInterface) && !bundle.serviceFiles()
                        .getOrDefault(driverInterface, Set.of()).contains(component.implementation())) {
                    violations.add(who + ": the DS component " + component.implementation() + " provides "
                            + driverInterface + " but META-INF/services/" + driverInterface
                            + " does not list it, so the command-line launcher would not find it");
                }
            }
        }
        return violations;
    }

    private static boolean isOsprey(String name) {
        return name.equals(OSPREY) || name.startsWith(OSPREY + ".");
    }

    /** Whether a wildcard package pattern such as {@code org.osprey.*} can match an Osprey package outside the kernel. */
    private static boolean reachesBeyondKernel(String pattern) {
        String prefix = pattern.substring(0, pattern.length() - 1);
        boolean overlapsOsprey = prefix.startsWith(OSPREY + ".") || (OSPREY + ".").startsWith(prefix);
        return overlapsOsprey && !prefix.startsWith(KERNEL + ".");
    }
}
