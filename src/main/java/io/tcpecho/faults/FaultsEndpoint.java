package io.tcpecho.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.unit.DataSize;

/**
 * {@code /actuator/faults}: every listener's faults and how many connections (TCP) or datagrams
 * (UDP) each has hit; where
 * the operator allows it ({@code management.endpoint.faults.access=unrestricted}), a fault added
 * to a listener ({@code POST /actuator/faults/{listener}}) or its faults cleared ({@code DELETE}).
 * Changes apply to new connections and datagrams; a type the listener's protocol has no use for is refused.
 */
@Endpoint(id = "faults", defaultAccess = Access.READ_ONLY)
class FaultsEndpoint {

	private final Map<String, FaultRules> listeners = new LinkedHashMap<>();

	FaultsEndpoint(List<FaultRules> faults) {
		faults.forEach((listener) -> this.listeners.put(listener.listener(), listener));
	}

	@ReadOperation
	Map<String, List<FaultDescriptor>> faults() {
		Map<String, List<FaultDescriptor>> faults = new LinkedHashMap<>();
		this.listeners.forEach((name, listener) -> faults.put(name, describe(listener)));
		return faults;
	}

	/** Adds one fault; the body names its type and parameters, as in {@code application.yml} but in camelCase. */
	@WriteOperation
	WebEndpointResponse<Object> add(@Selector String listener, FaultType type, @Nullable Double probability,
			@Nullable Long seed, @Nullable Duration latency, @Nullable Duration jitter,
			@Nullable DataSize rate, @Nullable DataSize size, @Nullable Duration delay,
			@Nullable Long afterLines, @Nullable Long afterBytes, @Nullable Integer bytes) {
		FaultRules faults = this.listeners.get(listener);
		if (faults == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		Fault fault;
		try {
			fault = new FaultProperties(type, Optional.ofNullable(probability).orElse(1.0), seed, orZero(latency),
					orZero(jitter), rate, size, orZero(delay), afterLines, afterBytes, bytes)
				.toFault();
			faults.add(fault);
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(Map.of("error", ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(describe(faults), WebEndpointResponse.STATUS_OK);
	}

	/** Clears a listener's faults: new connections and datagrams are echoed honestly again. */
	@DeleteOperation
	WebEndpointResponse<Object> clear(@Selector String listener) {
		FaultRules faults = this.listeners.get(listener);
		if (faults == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		faults.clear();
		return new WebEndpointResponse<>(List.of(), WebEndpointResponse.STATUS_OK);
	}

	private static Duration orZero(@Nullable Duration duration) {
		return (duration != null) ? duration : Duration.ZERO;
	}

	private static List<FaultDescriptor> describe(FaultRules faults) {
		return faults.hits().stream().map(FaultDescriptor::of).toList();
	}

	/** One fault, its parameters and the connections it has hit. */
	record FaultDescriptor(String type, double probability, @Nullable Long seed, @Nullable String latency,
			@Nullable String jitter, @Nullable Long rate, @Nullable Integer size, @Nullable String delay,
			@Nullable Long afterLines, @Nullable Long afterBytes, @Nullable Integer bytes, long hits) {

		static FaultDescriptor of(FaultRules.Hits hits) {
			Fault fault = hits.fault();
			return new FaultDescriptor(fault.type().tag(), fault.probability(), fault.seed(), text(fault.latency()),
					text(fault.jitter()), (fault.rate() > 0) ? fault.rate() : null, (fault.size() > 0) ? fault.size() : null,
					text(fault.delay()), fault.afterLines(), fault.afterBytes(), fault.bytes(), hits.hits());
		}

		private static @Nullable String text(Duration duration) {
			return duration.isZero() ? null : duration.toString();
		}

	}

}
