package org.osprey.mta.core.lookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/** A lookup driver for the layer's tests: answers from a map and remembers every request. */
final class RecordingDriver implements LookupDriver {
    final Style style;
    final Map<String, LookupResult> answers = new HashMap<>();
    final List<LookupRequest> requests = new ArrayList<>();
    RuntimeException failure;

    RecordingDriver(Style style) {
        this.style = style;
    }

    RecordingDriver answer(String key, LookupResult result) {
        answers.put(key, result);
        return this;
    }

    List<String> keysAsked() {
        return requests.stream().map(LookupRequest::key).toList();
    }

    @Override
    public Style style() {
        return style;
    }

    @Override
    public LookupResult find(LookupRequest request) {
        requests.add(request);
        if (failure != null) {
            throw failure;
        }
        return answers.getOrDefault(request.key(), new LookupResult.NotFound(true));
    }

    @Override
    public Optional<String> quote(String value, String option) {
        return style == Style.QUERY && option.isEmpty() ? Optional.of(value.replace("'", "''")) : Optional.empty();
    }
}
