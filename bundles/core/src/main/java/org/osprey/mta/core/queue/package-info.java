/**
 * The queue as an administrator sees it: Exim's {@code -bp} listings
 * ({@link org.osprey.mta.core.queue.QueueLister}) and the message commands that need no
 * delivery ({@link org.osprey.mta.core.queue.MessageCommands}: {@code -Mvh}, {@code -Mvb},
 * {@code -Mvl}, {@code -Mf}, {@code -Mt}, {@code -Mrm}, {@code -Mmd}, {@code -Mmad},
 * {@code -Mar}, {@code -Mes}), with Exim 4.96's output, exit status and log lines.
 *
 * <p>Safe on a live spool: a command that changes a message first takes Exim's message lock
 * (the one a delivery holds), so it never changes or removes a message being delivered, and it
 * rewrites the -H file only through the spool's atomic replacement. Listings take no lock, as
 * in Exim: a message that vanishes while the queue is listed is left out.
 */
package org.osprey.mta.core.queue;
