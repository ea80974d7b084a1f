package io.tcpecho;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Picocli's defaults read from a properties record's {@code @DefaultValue}s, so that each default is
 * stated once: an option {@code --reply-timeout} or a parameter {@code PORT} takes the default of the
 * component {@code replyTimeout} or {@code port}.
 */
final class RecordDefaults implements CommandLine.IDefaultValueProvider {

	private final Class<? extends Record> properties;

	RecordDefaults(Class<? extends Record> properties) {
		this.properties = properties;
	}

	@Override
	public @Nullable String defaultValue(ArgSpec argument) {
		String name = (argument instanceof OptionSpec option) ? option.longestName().substring(2)
				: argument.paramLabel().toLowerCase(Locale.ROOT);
		String component = camelCase(name);
		RecordComponent[] components = this.properties.getRecordComponents();
		for (int i = 0; i < components.length; i++) {
			if (components[i].getName().equals(component)) {
				// on the canonical constructor's parameter, where Boot's binder reads it
				DefaultValue value = canonicalConstructor(components).getParameters()[i].getAnnotation(DefaultValue.class);
				return (value != null && value.value().length == 1) ? value.value()[0] : null;
			}
		}
		return null;
	}

	private Constructor<?> canonicalConstructor(RecordComponent[] components) {
		try {
			return this.properties.getDeclaredConstructor(
					Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("A record has its canonical constructor", ex);
		}
	}

	private static String camelCase(String kebab) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.toString();
	}

}
