package io.tcpecho.udp;

/**
 * Decides how the echo of one datagram leaves: the extension point through which faults reach the
 * datagram path, which names none of them.
 */
@FunctionalInterface
public interface DatagramCustomizer {

	/** Every echo as it came. */
	DatagramCustomizer NONE = (flow, length) -> Reply.asIs(length);

	/** How the echo of a datagram of {@code length} bytes from {@code flow} leaves; called on the receiving thread. */
	Reply customize(DatagramFlow flow, int length);

	/**
	 * How one echo leaves.
	 *
	 * @param dropped why it is not sent at all, or null when it is
	 * @param copies how many times it is sent
	 * @param delayNanos how long it waits first
	 * @param length how many of its first bytes are sent
	 */
	record Reply(DropReason dropped, int copies, long delayNanos, int length) {

		/** The echo as it came. */
		public static Reply asIs(int length) {
			return new Reply(null, 1, 0, length);
		}

		/** No echo, for {@code reason}. */
		public static Reply drop(DropReason reason) {
			return new Reply(reason, 0, 0, 0);
		}

	}

}
