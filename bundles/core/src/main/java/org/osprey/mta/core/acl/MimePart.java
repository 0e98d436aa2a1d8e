package org.osprey.mta.core.acl;

/**
 * The MIME part the MIME ACL is looking at (Exim's mime_stream, positioned after the part's
 * headers): what the {@code decode} and {@code mime_regex} conditions work on.
 */
public interface MimePart {

    /** The outcomes of Exim's mime_decode. */
    enum Decoded {
        OK, FAIL, DEFER
    }

    /**
     * {@code decode = list}: the part's body, decoded by its Content-Transfer-Encoding, written
     * to a file as the list's first item says (Exim's mime_decode); sets
     * {@code $mime_decoded_filename} and {@code $mime_content_size}.
     */
    Decoded decode(String list);

    /** {@code $mime_decoded_filename}, or null when the part has not been decoded. */
    String decodedFilename();
}
