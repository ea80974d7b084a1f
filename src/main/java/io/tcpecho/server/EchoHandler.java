package io.tcpecho.server;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;

/**
 * Answers each line with itself: the request message is the reply, so nothing is copied,
 * decoded or invoked reflectively on the way back.
 */
class EchoHandler extends AbstractReplyProducingMessageHandler {

	@Override
	protected Object handleRequestMessage(Message<?> request) {
		return request;
	}

	/** The reply already carries every request header, the reply channel among them. */
	@Override
	protected boolean shouldCopyRequestHeaders() {
		return false;
	}

}
