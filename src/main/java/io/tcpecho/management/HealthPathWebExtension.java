package io.tcpecho.management;

import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * Boot's health endpoint, answering 404 for a path that names no contributor where Boot 4.1.2
 * asserts (a segment with an encoded slash, a name under a leaf) and so answers 500 with a stack
 * trace; contributors themselves are called, and fail, exactly as in Boot's own.
 */
class HealthPathWebExtension extends ReactiveHealthEndpointWebExtension {

	private final ReactiveHealthContributorRegistry reactive;

	private final @Nullable HealthContributorRegistry blocking;

	private final HealthEndpointGroups groups;

	HealthPathWebExtension(ReactiveHealthContributorRegistry reactive, @Nullable HealthContributorRegistry blocking,
			HealthEndpointGroups groups, @Nullable Duration slowContributorThreshold) {
		super(reactive, blocking, groups, slowContributorThreshold);
		this.reactive = reactive;
		this.blocking = blocking;
		this.groups = groups;
	}

	@Override
	public Mono<WebEndpointResponse<? extends HealthDescriptor>> health(ApiVersion apiVersion,
			@Nullable WebServerNamespace namespace, SecurityContext securityContext, boolean showAll, String... path) {
		if (!namesAContributor(namespace, path)) {
			return Mono.just(new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
		}
		return super.health(apiVersion, namespace, securityContext, showAll, path);
	}

	/** Walks the path as Boot does (a group first, then contributors and their members) without calling any. */
	private boolean namesAContributor(@Nullable WebServerNamespace namespace, String... path) {
		// a decoded %2F leaves a slash inside one segment, which Boot takes for a programming error
		if (Arrays.stream(path).anyMatch((segment) -> segment.isEmpty() || segment.contains("/"))) {
			return false;
		}
		int from = (path.length > 0 && isGroup(namespace, path[0])) ? 1 : 0;
		Object node = null;
		for (int i = from; i < path.length; i++) {
			node = (node == null) ? contributor(path[i]) : member(node, path[i]);
			if (node == null) {
				return false;
			}
		}
		return true;
	}

	private boolean isGroup(@Nullable WebServerNamespace namespace, String name) {
		return this.groups.get(name) != null
				|| (namespace != null && this.groups.get(AdditionalHealthEndpointPath.of(namespace, name)) != null);
	}

	private @Nullable Object contributor(String name) {
		Object found = this.reactive.getContributor(name);
		return (found != null || this.blocking == null) ? found : this.blocking.getContributor(name);
	}

	/** A member of a composite; null under a leaf, which names nothing further. */
	private static @Nullable Object member(Object composite, String name) {
		if (composite instanceof ReactiveHealthContributors contributors) {
			return contributors.getContributor(name);
		}
		return (composite instanceof HealthContributors contributors) ? contributors.getContributor(name) : null;
	}

}
