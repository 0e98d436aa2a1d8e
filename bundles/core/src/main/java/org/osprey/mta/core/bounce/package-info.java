/**
 * Delivery status notifications as Exim 4.96 writes them: the bounce (a failure report,
 * {@link org.osprey.mta.core.bounce.BounceMessage}) and the delay warning
 * ({@link org.osprey.mta.core.bounce.WarningMessage}), both RFC 3464 multipart/report
 * messages built with Apache James mime4j and handed back as the text Exim's deliver.c
 * writes to its child_open_exim process, for the local reception to take. {@link org.osprey.mta.core.bounce.BouncePolicy}
 * says what to do with a failure: bounce it, or, for a message that is itself a bounce,
 * freeze it. Nothing here delivers, stores or logs.
 */
package org.osprey.mta.core.bounce;
