package org.osprey.mta.core.deliver;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.receive.LocalSubmission;
import org.osprey.mta.core.receive.SubmissionException;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.transport.MessageSubmitter;

/**
 * The kernel's {@link MessageSubmitter} for the deliveries of one message: Exim's
 * child_open_exim, a local submission by the MTA's user referring to the message being
 * delivered, through acl_not_smtp_start and acl_not_smtp as Exim's child is. A message it
 * accepts is delivered after the attempt, as a bounce is.
 */
final class ChildSubmission implements MessageSubmitter {
    private final DeliveryEngine engine;
    private final MessageId reference;
    private final Consumer<MessageId> generated;

    ChildSubmission(DeliveryEngine engine, MessageId reference, Consumer<MessageId> generated) {
        this.engine = engine;
        this.reference = reference;
        this.generated = generated;
    }

    @Override
    public Optional<String> submit(InputStream message) throws Refused {
        LocalSubmission submission;
        try {
            submission = engine.submission();
        } catch (ConfigException e) {
            // Exim's child process would stop on the configuration error: exit status 1.
            engine.log.write(Set.of(LogFile.MAIN, LogFile.PANIC), null, e.getMessage());
            throw new Refused(1, e.getMessage());
        }
        try {
            MessageId id = submission.submitFromMta(message, reference);
            generated.accept(id);
            return Optional.of(id.toString());
        } catch (SubmissionException e) {
            e.errorMessage().ifPresent(generated);
            if (e.exitCode() == LocalSubmission.EXIT_NO_RECIPIENTS) {
                return Optional.empty();
            }
            throw new Refused(e.exitCode(), e.getMessage());
        }
    }

    /**
     * A bounce or delay warning of the message, submitted as deliver.c hands it to its
     * child_open_exim process: the exit status child_close would give, 0 when the message
     * was accepted, else Exim's code for the refusal (2 when it named no recipient).
     */
    int submitReport(byte[] message) {
        try {
            return submit(new ByteArrayInputStream(message)).isPresent() ? 0 : LocalSubmission.EXIT_NO_RECIPIENTS;
        } catch (Refused refused) {
            return refused.status();
        }
    }
}
