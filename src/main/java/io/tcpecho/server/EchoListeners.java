package io.tcpecho.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Every enabled listener: the default one from {@code echo.server}, then each {@code echo.listeners.NAME} by name.
 *
 * @param all the listeners, the default one first
 */
public record EchoListeners(List<Listener> all) {

	/** The default listener's name. */
	public static final String DEFAULT = "default";

	/** The prefix of the properties of the listener named {@code name}. */
	public static String prefix(String name) {
		return name.equals(DEFAULT) ? "echo.server" : "echo.listeners." + name;
	}

	static EchoListeners bind(Environment environment) {
		Binder binder = Binder.get(environment);
		Map<String, ListenerProperties> configured = new TreeMap<>(
				binder.bind("echo.listeners", Bindable.mapOf(String.class, ListenerProperties.class)).orElse(Map.of()));
		List<Listener> listeners = new ArrayList<>();
		listeners.add(new Listener(DEFAULT, binder.bindOrCreate("echo.server", Bindable.of(ListenerProperties.class))));
		configured.forEach((name, properties) -> listeners.add(new Listener(name, properties)));
		listeners.forEach((listener) -> refuseForeignKeys(binder, listener));
		return new EchoListeners(listeners.stream().filter((listener) -> listener.properties().enabled()).toList());
	}

	/** A key that means nothing for the listener's protocol fails the start, rather than being ignored. */
	private static void refuseForeignKeys(Binder binder, Listener listener) {
		ListenerProtocol protocol = listener.properties().protocol();
		for (String key : protocol.foreignKeys()) {
			if (binder.bind(listener.prefix() + "." + key, Bindable.of(String.class)).isBound()) {
				throw new IllegalArgumentException("%s.%s means nothing for a %s listener: remove it, or set %s.protocol"
					.formatted(listener.prefix(), key, protocol.name().toLowerCase(Locale.ROOT), listener.prefix()));
			}
		}
	}

	/**
	 * One listener.
	 *
	 * @param name {@value #DEFAULT} for {@code echo.server}, otherwise the NAME of {@code echo.listeners.NAME}
	 * @param properties its settings
	 */
	public record Listener(String name, ListenerProperties properties) {

		/** The name of one of its beans: {@code base} for the default listener, {@code base-NAME} for the others. */
		public String beanName(String base) {
			return this.name.equals(DEFAULT) ? base : base + "-" + this.name;
		}

		public boolean isUdp() {
			return this.properties.protocol() == ListenerProtocol.UDP;
		}

		/** The prefix of its properties, for messages. */
		public String prefix() {
			return EchoListeners.prefix(this.name);
		}

	}

}
