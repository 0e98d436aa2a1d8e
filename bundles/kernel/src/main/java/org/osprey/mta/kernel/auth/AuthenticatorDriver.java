package org.osprey.mta.kernel.auth;

import org.osprey.mta.kernel.driver.Driver;

/** An authenticator driver, such as plaintext: published as a service with {@code mta.driver.kind=authenticator}. */
public interface AuthenticatorDriver extends Driver<Authenticator> {
}
