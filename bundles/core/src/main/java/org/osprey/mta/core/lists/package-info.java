/**
 * Exim's lists: the four kinds ({@link org.osprey.mta.core.lists.ListType}), named lists
 * from the configuration ({@link org.osprey.mta.core.lists.NamedList}) and the matching of
 * items against them ({@link org.osprey.mta.core.lists.ListMatching}): negation, named lists
 * with their results cached per context, files of items, lookups, regular expressions,
 * wildcards, the {@code @} specials, addresses and networks. DNS comes through a
 * {@link org.osprey.mta.core.lists.HostResolver}, the JDK's by default.
 */
package org.osprey.mta.core.lists;
