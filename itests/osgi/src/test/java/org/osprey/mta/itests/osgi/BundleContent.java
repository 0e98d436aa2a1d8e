package org.osprey.mta.itests.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osprey.mta.itests.osgi.ManifestHeader.Clause;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What the dependency rule reads of one bundle.
 *
 * @param source where the bundle came from, for messages
 * @param headers the manifest's main attributes
 * @param components the DS components the bundle declares
 * @param serviceFiles each {@code META-INF/services} file: the interface name and the classes listed
 */
record BundleContent(String source, Attributes headers, List<Component> components,
        Map<String, Set<String>> serviceFiles) {

    /** A DS component: its implementation class and the service interfaces it provides. */
    record Component(String implementation, Set<String> provides) {
    }

    private static final String SERVICES = "META-INF/services/";

    String symbolicName() {
        List<Clause> name = header("Bundle-SymbolicName");
        return name.isEmpty() ? "" : name.get(0).name();
    }

    List<Clause> header(String name) {
        return ManifestHeader.parse(headers.getValue(name));
    }

    /** Reads a bundle jar: its manifest, the component XML its Service-Component header names, its services files. */
    static BundleContent read(Path path) throws IOException {
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest manifest = jar.getManifest();
            Attributes headers = manifest == null ? new Attributes() : manifest.getMainAttributes();
            List<Component> components = new ArrayList<>();
            for (Clause descriptor : ManifestHeader.parse(headers.getValue("Service-Component"))) {
                for (JarEntry entry : entries(jar, descriptor.name())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        components.addAll(components(in, path + "!/" + entry.getName()));
                    }
                }
            }
            Map<String, Set<String>> serviceFiles = new TreeMap<>();
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(SERVICES) && !entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        serviceFiles.put(name.substring(SERVICES.length()), providers(in));
                    }
                }
            }
            return new BundleContent(path.toString(), headers, components, serviceFiles);
        }
    }

    /** The entries a Service-Component path names; it may have wildcards in its last segment. */
    private static List<JarEntry> entries(JarFile jar, String descriptor) {
        Pattern glob = Pattern.compile(Arrays.stream(descriptor.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining("[^/]*")));
        return jar.stream().filter(e -> glob.matcher(e.getName()).matches()).toList();
    }

    /** The components of one component description (one component element, or several in any root). */
    private static List<Component> components(InputStream xml, String source) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            root = factory.newDocumentBuilder().parse(xml).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
        List<Component> components = new ArrayList<>();
        for (Element component : descendants(root, "component")) {
            Set<String> provides = new LinkedHashSet<>();
            descendants(component, "provide").forEach(p -> provides.add(p.getAttribute("interface")));
            String implementation = descendants(component, "implementation").stream()
                    .map(i -> i.getAttribute("class")).findFirst().orElse("");
            components.add(new Component(implementation, provides));
        }
        return components;
    }

    /** {@code element} and the elements under it whose local name is {@code name}, whatever their namespace. */
    private static List<Element> descendants(Element element, String name) {
        List<Element> found = new ArrayList<>();
        if (name.equals(element.getLocalName())) {
            found.add(element);
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                found.addAll(descendants(e, name));
            }
        }
        return found;
    }

    /** The class names a services file lists: one a line, {@code #} starting a comment. */
    private static Set<String> providers(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
