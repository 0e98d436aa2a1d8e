package org.osprey.mta.kernel.model;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A message on the spool as a driver reads it. The engine implements it over the spool
 * files; a driver never sees the files themselves.
 */
public interface Message {

    /** The message id, in Exim's format ({@code 1tAbCd-0004Xy-9Z}). */
    String id();

    /** The envelope sender; "" for a bounce (the null sender {@code <>}). */
    String sender();

    /** The headers as received and after ACL and rewriting changes, in order. */
    List<Header> headers();

    /** The size in bytes of the message as received (Exim's {@code $message_size}). */
    long size();

    /**
     * Writes the message to {@code out} the way {@code options} asks, with the generic
     * transport options of the current delivery applied. Streams the body from the spool:
     * nothing is held in memory whole.
     */
    void writeTo(OutputStream out, WriteOptions options) throws IOException;
}
