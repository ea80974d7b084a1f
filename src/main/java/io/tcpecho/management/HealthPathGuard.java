package io.tcpecho.management;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers 404, not 500 with a stack trace at ERROR, for a health path nested under a name that
 * does not exist, such as {@code /actuator/health/nonexistent/x}.
 * <p>
 * A guard around Spring Boot 4.1.2's {@code HealthEndpointSupport.getContributor}, which asserts
 * that each segment of a nested path names a contributor instead of answering "not found".
 */
class HealthPathGuard implements WebFilter {

	private final String healthPath;

	HealthPathGuard(String basePath) {
		this.healthPath = basePath + "/health/";
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith(this.healthPath)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).onErrorResume(IllegalStateException.class, (ex) -> {
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return exchange.getResponse().setComplete();
		});
	}

}
