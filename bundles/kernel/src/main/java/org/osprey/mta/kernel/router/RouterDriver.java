package org.osprey.mta.kernel.router;

import org.osprey.mta.kernel.driver.Driver;

/**
 * A router driver, such as accept or dnslookup: published as a service with
 * {@code mta.driver.kind=router}. See the package documentation for the contract.
 */
public interface RouterDriver extends Driver<Router> {
}
