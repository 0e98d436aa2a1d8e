package org.osprey.mta.transport.autoreply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.transport.TransportDriver;

class AutoreplyOptionsTest {

    @Test
    void isALocalTransportNamedForTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = AutoreplyTransportDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("transport", names.kind());
        assertEquals("autoreply", names.name());
        assertTrue(new AutoreplyTransportDriver().isLocal());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + TransportDriver.class.getName())) {
            assertEquals(AutoreplyTransportDriver.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    /** Exim 4.96's autoreply_transport_options[], with its defaults (-bP shows them so). */
    @Test
    void theTableIsEximsWithEximsDefaults() {
        assertEquals(List.of("bcc", "cc", "file", "file_expand", "file_optional", "from", "headers", "log", "mode",
                "never_mail", "once", "once_file_size", "once_repeat", "reply_to", "return_message", "subject", "text",
                "to"), AutoreplyOptions.TABLE.options().stream().map(Option::name).toList());
        assertEquals(0600, AutoreplyOptions.MODE.defaultValue());
        assertEquals(0, AutoreplyOptions.ONCE_FILE_SIZE.defaultValue());
        assertEquals(false, AutoreplyOptions.RETURN_MESSAGE.defaultValue());
        assertNull(AutoreplyOptions.ONCE_REPEAT.defaultValue());
        assertTrue(AutoreplyOptions.TO.isExpanded());
    }
}
