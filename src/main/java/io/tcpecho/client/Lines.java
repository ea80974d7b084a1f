package io.tcpecho.client;

import java.util.List;

/**
 * Lines sent in one write: what piped input has ready is framed line by line and flushed once.
 * @param lines the payloads, without terminators
 */
record Lines(List<byte[]> lines) {
}
