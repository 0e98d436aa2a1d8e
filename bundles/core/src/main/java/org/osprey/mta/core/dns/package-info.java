/**
 * The engine's DNS client and host finder, on dnsjava: Exim 4.96's {@code host_find_bydns}
 * (SRV, then MX, then A and AAAA, CNAMEs followed, equal preferences in random order, this
 * host recognised and what lies behind it dropped) and {@code host_find_byname} (the system's
 * resolver, so /etc/hosts counts), for the routers through
 * {@link org.osprey.mta.kernel.router.HostFinder}.
 *
 * <p>{@link org.osprey.mta.core.dns.DnsClient} is Exim's {@code dns_lookup}: one query, with the
 * resolver options of the main configuration ({@code dns_retrans}, {@code dns_retry},
 * {@code dns_use_edns0}, {@code dns_dnssec_ok}, {@code dns_again_means_nonexist}) and the
 * default domain and search list of /etc/resolv.conf. {@link org.osprey.mta.core.dns.LocalHost}
 * is what "this host" means. {@link org.osprey.mta.core.dns.DnsHostFinder} puts them together.
 */
package org.osprey.mta.core.dns;
