package org.osprey.mta.core.deliver;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.osprey.mta.core.receive.LocalSubmission;
import org.osprey.mta.core.receive.SubmissionException;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.transport.MessageSubmitter;

/**
 * The kernel's {@link MessageSubmitter} for the deliveries of one message: Exim's
 * child_open_exim, a local submission by the MTA's user referring to the message being
 * delivered. A message it accepts is delivered after the attempt, as a bounce is.
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
        try {
            MessageId id = engine.submission().submitFromMta(message, reference);
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
}
