package org.osprey.mta.core.bounce;

import java.util.Objects;

/**
 * The host a failed or delayed delivery last talked to: its name and IP address, as Exim
 * prints them ({@code host NAME [IP]}) and reports them ({@code Remote-MTA: dns; NAME}).
 *
 * @param name the host's name
 * @param address its IP address, or null if unknown
 */
public record RemoteHost(String name, String address) {
    public RemoteHost {
        Objects.requireNonNull(name, "name");
    }
}
