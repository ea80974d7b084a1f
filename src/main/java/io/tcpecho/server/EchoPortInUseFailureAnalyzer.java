package io.tcpecho.server;

import io.tcpecho.transport.PortInUseException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a busy echo port and how to get past it, instead of a stack trace.
 */
class EchoPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
		String address = cause.address().getHostString();
		int port = cause.address().getPort();
		String property = EchoListeners.prefix(cause.listener()) + ".port";
		String description = "The echo server's listener '%s' could not listen on %s:%d: %s.".formatted(
				cause.listener(), address, port, cause.getCause().getMessage());
		String action = """
				Another process, or another listener, is probably listening on port %d (find it with \
				'ss -ltunp | grep :%d'). Stop it, or give listener '%s' another port with --%s=PORT \
				(0 picks a free port and logs it).""".formatted(port, port, cause.listener(), property);
		return new FailureAnalysis(description, action, cause);
	}

}
