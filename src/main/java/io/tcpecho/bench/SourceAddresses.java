package io.tcpecho.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The local addresses the load tool's connections leave from, one after the other: one address
 * has about 28,000 ephemeral ports, so 100,000 connections need several.
 */
final class SourceAddresses {

	private final List<InetAddress> addresses;

	private SourceAddresses(List<InetAddress> addresses) {
		this.addresses = List.copyOf(addresses);
	}

	/**
	 * Reads {@code 127.0.0.2-127.0.0.9} (IPv4, the last byte ranging), a comma-separated list, or
	 * nothing (the kernel chooses).
	 */
	static SourceAddresses parse(@Nullable String text) {
		List<InetAddress> addresses = new ArrayList<>();
		if (text == null || text.isBlank()) {
			return new SourceAddresses(addresses);
		}
		try {
			for (String part : text.split(",")) {
				String[] range = part.trim().split("-");
				if (range.length == 1) {
					addresses.add(InetAddress.getByName(range[0]));
					continue;
				}
				byte[] first = InetAddress.getByName(range[0]).getAddress();
				byte[] last = InetAddress.getByName(range[1]).getAddress();
				if (first.length != 4 || last.length != 4 || first[0] != last[0] || first[1] != last[1]
						|| first[2] != last[2] || (first[3] & 0xff) > (last[3] & 0xff)) {
					throw new IllegalArgumentException("A source address range ranges over the last byte of "
							+ "IPv4 addresses, such as 127.0.0.2-127.0.0.9, not " + part);
				}
				for (int b = first[3] & 0xff; b <= (last[3] & 0xff); b++) {
					byte[] address = first.clone();
					address[3] = (byte) b;
					addresses.add(InetAddress.getByAddress(address));
				}
			}
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("Not a source address: " + text, ex);
		}
		return new SourceAddresses(addresses);
	}

	/** The address of connection {@code i}, or null to let the kernel choose. */
	@Nullable InetAddress of(int i) {
		return this.addresses.isEmpty() ? null : this.addresses.get(i % this.addresses.size());
	}

	/** The local socket address (any port) to bind connection {@code i} to, or null to let the kernel choose. */
	@Nullable InetSocketAddress local(int i) {
		InetAddress address = of(i);
		return (address != null) ? new InetSocketAddress(address, 0) : null;
	}

	int size() {
		return this.addresses.size();
	}

}
